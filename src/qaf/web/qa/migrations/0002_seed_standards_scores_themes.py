"""The default audit standards and score descriptors (the seed report's section 3, "Internal Case
Audits") and a starting list of feedback themes; an admin may edit all three afterwards."""

from django.db import migrations

STANDARDS = (
    ("1a", "Management scrutiny/oversight"),
    ("2", "Experience of child/young person"),
    ("3", "Practitioner contact"),
    ("4", "Assessment & needs analysis"),
    ("5", "Planning for children"),
    ("6", "Recording and report writing"),
)
# The seed: "Judgements are: (1) No or few standards met. (2) Some standards partially met. (3) Some
# standards met in full. (4) Many standards met in full. (5) All standards met in full or exceeded."
SCORE_LEVELS = (
    (1, "No or few standards met"),
    (2, "Some standards partially met"),
    (3, "Some standards met in full"),
    (4, "Many standards met in full"),
    (5, "All standards met in full or exceeded"),
)
# What the seed's comments are about ("lack of information and communication remain a key
# factor for negative feedback"), worded as the synthetic council tags them (imports match a
# theme's name ignoring case); councils add their own.
THEMES = (
    "Communication",
    "Information",
    "Support",
    "Respect",
    "Views listened to",
    "Timeliness",
    "Outcome",
    "Worker changes",
    "Other services",
)


def seed(apps, schema_editor):
    AuditStandard = apps.get_model("qa", "AuditStandard")
    ScoreLevel = apps.get_model("qa", "ScoreLevel")
    FeedbackTheme = apps.get_model("qa", "FeedbackTheme")
    for position, (code, title) in enumerate(STANDARDS):
        AuditStandard.objects.get_or_create(
            code=code, defaults={"title": title, "position": position}
        )
    for score, descriptor in SCORE_LEVELS:
        ScoreLevel.objects.get_or_create(score=score, defaults={"descriptor": descriptor})
    for position, name in enumerate(THEMES):
        FeedbackTheme.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("qa", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
