from django.db import migrations


def load(apps, schema_editor):
    from marketplace.reference_data import load_all

    load_all(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
