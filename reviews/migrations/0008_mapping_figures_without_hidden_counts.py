from django.db import migrations


def forget_kept_figures(apps, schema_editor):
    # Figures kept in format 1 held the counts of hidden cells too; they are counted again (in
    # format 2, without them) the next time a page reads them.
    apps.get_model("reviews", "Mapping").objects.exclude(figures=None).update(figures=None)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0007_mapping_figures")]

    operations = [migrations.RunPython(forget_kept_figures, migrations.RunPython.noop)]
