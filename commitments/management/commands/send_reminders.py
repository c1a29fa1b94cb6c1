import datetime

from django.core.management.base import BaseCommand, CommandError

from commitments.services import reminders_send


class Command(BaseCommand):
    help = "Skickar de påminnelser som är aktuella i dag (för värdar som kör det från cron i stället för Celery beat)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Räkna som om det vore detta datum (ÅÅÅÅ-MM-DD).")

    def handle(self, *args, date: str | None = None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError("Datumet ska skrivas ÅÅÅÅ-MM-DD.") from exc
        report = reminders_send(today=today)
        self.stdout.write(
            f"Påminnelser skickade: {report.commitments} om åtaganden, {report.mappings} om kartläggningar, "
            f"{report.meetings} om nätverksträffar, {report.routines} om försenade rutiner."
        )
        if report.failed:
            self.stderr.write(f"{report.failed} påminnelser kunde inte skickas (se loggen); de försöks igen nästa körning.")
