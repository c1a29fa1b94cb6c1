"""A title is one line: old titles with line breaks or other control characters are put on one
line (each run a space) before the table starts refusing them (core.validators)."""

import re

import core.validators
from django.db import migrations, models

CONTROL = r"[\x01-\x1f\x7f-\x9f\u2028\u2029]"


def one_line_titles(apps, schema_editor):
    model = apps.get_model("reviews", "Mapping")
    for pk, title in model.objects.filter(title__regex=CONTROL).values_list("pk", "title"):
        fixed = re.sub(r"\s+", " ", re.sub(CONTROL, " ", title)).strip()
        model.objects.filter(pk=pk).update(title=fixed or "–")


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0003_mapping_shares'),
    ]

    operations = [
        migrations.AlterField(
            model_name='mapping',
            name='title',
            field=models.CharField(max_length=200, validators=[core.validators.validate_single_line], verbose_name='rubrik'),
        ),
        migrations.RunPython(one_line_titles, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='mapping',
            constraint=models.CheckConstraint(condition=models.Q(('title__regex', '[\\x01-\\x1f\\x7f-\\x9f\\u2028\\u2029]'), _negated=True), name='mapping_title_single_line'),
        ),
    ]
