"""Sharing is recorded per network: a commitment made at a meeting is shared with that meeting's
network; any other that was shared is shared with each network its municipality is in."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def share_existing(apps, schema_editor):
    Commitment = apps.get_model("commitments", "Commitment")
    CommitmentShare = apps.get_model("commitments", "CommitmentShare")
    NetworkMembership = apps.get_model("networks", "NetworkMembership")
    networks: dict[int, list[int]] = {}
    for municipality_id, network_id in NetworkMembership.objects.values_list("municipality_id", "network_id"):
        networks.setdefault(municipality_id, []).append(network_id)
    shares = []
    for c in Commitment.objects.filter(shared_with_network_at__isnull=False).select_related("meeting__round"):
        targets = [c.meeting.round.network_id] if c.meeting_id else networks.get(c.municipality_id, [])
        shares += [
            CommitmentShare(commitment_id=c.pk, network_id=network_id, shared_at=c.shared_with_network_at)
            for network_id in targets
        ]
    CommitmentShare.objects.bulk_create(shares)


def unshare_back(apps, schema_editor):
    Commitment = apps.get_model("commitments", "Commitment")
    CommitmentShare = apps.get_model("commitments", "CommitmentShare")
    for share in CommitmentShare.objects.order_by("-shared_at"):
        Commitment.objects.filter(pk=share.commitment_id).update(shared_with_network_at=share.shared_at)


class Migration(migrations.Migration):

    dependencies = [
        ('commitments', '0001_initial'),
        ('networks', '0003_meetings'),
    ]

    operations = [
        migrations.CreateModel(
            name='CommitmentShare',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('shared_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='delat')),
                ('commitment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='commitments.commitment')),
                ('network', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='networks.network', verbose_name='nätverk')),
            ],
            options={
                'verbose_name': 'åtagande delat med nätverk',
                'verbose_name_plural': 'åtaganden delade med nätverk',
                'ordering': ['shared_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('commitment', 'network'), name='commitment_share_unique')],
            },
        ),
        migrations.RunPython(share_existing, unshare_back),
        migrations.RemoveField(
            model_name='commitment',
            name='shared_with_network_at',
        ),
        migrations.RemoveField(
            model_name='historicalcommitment',
            name='shared_with_network_at',
        ),
    ]
