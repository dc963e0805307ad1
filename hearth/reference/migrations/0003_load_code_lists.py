"""Load the code lists from hearth/reference/data/ so every database has them.

Later changes to the data files ship with a new data migration that calls the loader again
(it upserts and never deletes). Reversing leaves the codes in place: they are history."""

from django.db import migrations


def load_codes(apps, schema_editor):
    from hearth.reference.loader import load_reference_data

    load_reference_data(
        code_model=apps.get_model("reference", "Code"),
        label_model=apps.get_model("reference", "CodeLabel"),
    )


class Migration(migrations.Migration):
    dependencies = [("reference", "0002_code_labels")]

    operations = [migrations.RunPython(load_codes, migrations.RunPython.noop)]
