"""Publishing is recorded per network: a mapping of a network's round was presented in that
network; one without a round is published to each network its municipality is in, which is who
saw it until now."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def share_existing(apps, schema_editor):
    Mapping = apps.get_model("reviews", "Mapping")
    MappingShare = apps.get_model("reviews", "MappingShare")
    NetworkMembership = apps.get_model("networks", "NetworkMembership")
    networks: dict[int, list[int]] = {}
    for municipality_id, network_id in NetworkMembership.objects.values_list("municipality_id", "network_id"):
        networks.setdefault(municipality_id, []).append(network_id)
    shares = []
    for mapping in Mapping.objects.filter(published_at__isnull=False).select_related("round"):
        targets = [mapping.round.network_id] if mapping.round_id else networks.get(mapping.municipality_id, [])
        shares += [
            MappingShare(mapping_id=mapping.pk, network_id=network_id, shared_at=mapping.published_at,
                         shared_by_id=mapping.published_by_id)
            for network_id in targets
        ]
    MappingShare.objects.bulk_create(shares)


def unshare_back(apps, schema_editor):
    Mapping = apps.get_model("reviews", "Mapping")
    MappingShare = apps.get_model("reviews", "MappingShare")
    for share in MappingShare.objects.order_by("-shared_at"):
        Mapping.objects.filter(pk=share.mapping_id).update(published_at=share.shared_at, published_by=share.shared_by_id)


class Migration(migrations.Migration):

    dependencies = [
        ('networks', '0003_meetings'),
        ('reviews', '0002_shipped_templates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MappingShare',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('shared_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='delad')),
                ('mapping', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='reviews.mapping')),
                ('network', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='networks.network', verbose_name='nätverk')),
                ('shared_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'kartläggning delad med nätverk',
                'verbose_name_plural': 'kartläggningar delade med nätverk',
                'ordering': ['shared_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('mapping', 'network'), name='mapping_share_unique')],
            },
        ),
        migrations.RunPython(share_existing, unshare_back),
        migrations.RemoveField(
            model_name='mapping',
            name='published_at',
        ),
        migrations.RemoveField(
            model_name='mapping',
            name='published_by',
        ),
    ]
