"""The improvement plan's areas, seeded from the inspection's 'what needs to improve' list
(shared/context: the 2019 inspection of the borough's children's services)."""

from django.db import migrations

AREAS = (
    "Senior leadership urgency in progressing the improvement plan to address deficits in "
    "social work practice",
    "Senior managers' interaction with social workers to enable staff to feel listened to",
    "The accuracy and reliability of the existing quality assurance and performance management "
    "system",
    "Opportunities for children to participate in their planning and influence wider service "
    "development",
    "The regularity and quality of staff supervision and management oversight and the quality "
    "and impact of decision-making",
    "The quality and timeliness of social work assessments, so that they consistently inform "
    "plans",
    "The quality and effectiveness of safety planning for children at risk of exploitation",
    "The take-up of return home interviews and the effective use of information to identify "
    "and mitigate emerging risks",
    "Permanence planning for children to ensure that permanence is achieved for all children "
    "without delay",
    "The quality of life-story work for all children",
    "Care leavers' experience of leaving care services and access to outreach workers who know "
    "and understand their needs",
)


def seed(apps, schema_editor):
    area = apps.get_model("oversight", "ImprovementArea")
    for number, title in enumerate(AREAS, start=1):
        area.objects.get_or_create(
            number=number,
            defaults={"title": title, "finding": "Inspection: what needs to improve."},
        )


def unseed(apps, schema_editor):
    apps.get_model("oversight", "ImprovementArea").objects.filter(
        number__lte=len(AREAS), actions__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("oversight", "0002_improvement_plan")]

    operations = [migrations.RunPython(seed, unseed)]
