"""Sharing is recorded per network: a goal shared before (one date, "with the network") is now
shared with each network its municipality is in, which is who saw it until now."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def share_existing(apps, schema_editor):
    Goal = apps.get_model("goals", "Goal")
    GoalShare = apps.get_model("goals", "GoalShare")
    NetworkMembership = apps.get_model("networks", "NetworkMembership")
    networks: dict[int, list[int]] = {}
    for municipality_id, network_id in NetworkMembership.objects.values_list("municipality_id", "network_id"):
        networks.setdefault(municipality_id, []).append(network_id)
    GoalShare.objects.bulk_create([
        GoalShare(goal_id=goal_id, network_id=network_id, shared_at=shared_at)
        for goal_id, municipality_id, shared_at in Goal.objects.filter(shared_with_network_at__isnull=False)
        .values_list("pk", "municipality_id", "shared_with_network_at")
        for network_id in networks.get(municipality_id, [])
    ])


def unshare_back(apps, schema_editor):
    Goal = apps.get_model("goals", "Goal")
    GoalShare = apps.get_model("goals", "GoalShare")
    for share in GoalShare.objects.order_by("-shared_at"):
        Goal.objects.filter(pk=share.goal_id).update(shared_with_network_at=share.shared_at)


class Migration(migrations.Migration):

    dependencies = [
        ('goals', '0002_goal_indicators_statements'),
        ('networks', '0003_meetings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='GoalShare',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('shared_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='delat')),
                ('goal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='goals.goal')),
                ('network', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='networks.network', verbose_name='nätverk')),
                ('shared_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'mål delat med nätverk',
                'verbose_name_plural': 'mål delade med nätverk',
                'ordering': ['shared_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('goal', 'network'), name='goal_share_unique')],
            },
        ),
        migrations.RunPython(share_existing, unshare_back),
        migrations.RemoveField(
            model_name='goal',
            name='shared_with_network_at',
        ),
        migrations.RemoveField(
            model_name='historicalgoal',
            name='shared_with_network_at',
        ),
    ]
