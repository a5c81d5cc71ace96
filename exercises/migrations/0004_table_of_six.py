"""A table of six: observers, a held clock, rationales, facilitator notes, and injections
stored as timeline entries of any kind (the alerts stored so far become raise_alert entries)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def alerts_to_entries(apps, schema_editor):
    Injection = apps.get_model("exercises", "Injection")
    for injection in Injection.objects.all():
        injection.entry = {"at": injection.at_minutes, "do": "raise_alert",
                           "resource": injection.resource, "reason": injection.reason}
        injection.kind = "raise_alert"
        injection.save(update_fields=["entry", "kind"])


def entries_to_alerts(apps, schema_editor):
    Injection = apps.get_model("exercises", "Injection")
    for injection in Injection.objects.all():
        entry = injection.entry or {}
        if entry.get("do") != "raise_alert":
            injection.delete()
            continue
        injection.resource, injection.reason = entry["resource"], entry["reason"]
        injection.kind = "alert"
        injection.save(update_fields=["resource", "reason", "kind"])


class Migration(migrations.Migration):

    dependencies = [
        ("exercises", "0003_training_checks_and_cohorts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="tabletopsession", name="held_at",
            field=models.FloatField(blank=True, null=True)),
        migrations.AddField(
            model_name="tabletopsession", name="observers",
            field=models.ManyToManyField(blank=True, related_name="observed_sessions",
                                         to=settings.AUTH_USER_MODEL)),
        migrations.AddField(
            model_name="decision", name="rationale",
            field=models.CharField(blank=True, max_length=200)),
        migrations.AddField(
            model_name="injection", name="entry", field=models.JSONField(null=True)),
        migrations.AlterField(
            model_name="injection", name="kind", field=models.CharField(max_length=24)),
        # Defaults, so that migrating back can re-create the columns before refilling them.
        migrations.AlterField(
            model_name="injection", name="resource",
            field=models.CharField(default="", max_length=64)),
        migrations.AlterField(
            model_name="injection", name="reason",
            field=models.CharField(default="", max_length=200)),
        migrations.RunPython(alerts_to_entries, entries_to_alerts),
        migrations.RemoveField(model_name="injection", name="resource"),
        migrations.RemoveField(model_name="injection", name="reason"),
        migrations.AlterField(
            model_name="injection", name="entry", field=models.JSONField()),
        migrations.CreateModel(
            name="FacilitatorNote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("at_minutes", models.FloatField()),
                ("text", models.CharField(max_length=1000)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("created_by", models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="tabletop_notes", to=settings.AUTH_USER_MODEL)),
                ("session", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="notes",
                    to="exercises.tabletopsession")),
            ],
            options={"ordering": ["at_minutes", "pk"]},
        ),
    ]
