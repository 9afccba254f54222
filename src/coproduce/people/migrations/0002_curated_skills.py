"""The curated list of skills and interests people tick on their profile.

The names are marked for translation (gettext_noop) and shown through gettext, so the list
reads in the person's language while the rows stay the same.
"""

from django.db import migrations
from django.utils.translation import gettext_noop

SKILLS = [
    gettext_noop("Admin and office work"),
    gettext_noop("Art and crafts"),
    gettext_noop("Caring for someone"),
    gettext_noop("Cooking"),
    gettext_noop("Computers and the internet"),
    gettext_noop("DIY and small repairs"),
    gettext_noop("Driving"),
    gettext_noop("First aid"),
    gettext_noop("Fundraising"),
    gettext_noop("Gardening"),
    gettext_noop("Listening and befriending"),
    gettext_noop("Looking after children"),
    gettext_noop("Money and bookkeeping"),
    gettext_noop("Music"),
    gettext_noop("Organising events"),
    gettext_noop("Photos and video"),
    gettext_noop("Sewing and mending"),
    gettext_noop("Social media"),
    gettext_noop("Speaking in public"),
    gettext_noop("Sport and fitness"),
    gettext_noop("Teaching and tutoring"),
    gettext_noop("Translating"),
    gettext_noop("Writing"),
]
INTERESTS = [
    gettext_noop("Animals"),
    gettext_noop("Arts and culture"),
    gettext_noop("Children and young people"),
    gettext_noop("Community safety"),
    gettext_noop("Disability and access"),
    gettext_noop("Environment and green spaces"),
    gettext_noop("Food"),
    gettext_noop("Health and wellbeing"),
    gettext_noop("Housing"),
    gettext_noop("Learning and skills"),
    gettext_noop("Local history"),
    gettext_noop("Mental health"),
    gettext_noop("Older people"),
    gettext_noop("Sport"),
    gettext_noop("Transport"),
]


def add_skills(apps, schema_editor):
    Skill = apps.get_model("people", "Skill")
    for kind, names in (("skill", SKILLS), ("interest", INTERESTS)):
        for name in names:
            Skill.objects.get_or_create(name=name, kind=kind)


def remove_skills(apps, schema_editor):
    Skill = apps.get_model("people", "Skill")
    Skill.objects.filter(name__in=SKILLS, kind="skill").delete()
    Skill.objects.filter(name__in=INTERESTS, kind="interest").delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(add_skills, remove_skills)]
