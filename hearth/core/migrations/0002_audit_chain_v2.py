"""Audit chain format 2 (docs/domain/retention.md): the hash covers a salted digest of the
personal text, so an erasure can replace the text. Entries already written stay version 1 (their
hashes, and any copy of the chain head kept elsewhere, stay valid); new entries are version 2."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        # Every existing row is version 1 ...
        migrations.AddField(
            model_name="auditentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        # ... and every row written from now on is version 2.
        migrations.AlterField(
            model_name="auditentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(default=2),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="content_salt",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="content_digest",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="erased_by_entry",
            field=models.BigIntegerField(blank=True, db_index=True, null=True),
        ),
    ]
