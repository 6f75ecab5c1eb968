from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="WebhookMessage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("webhook_id", models.CharField(max_length=256, unique=True)),
                ("event_type", models.CharField(max_length=100)),
                ("body", models.TextField()),
                ("received_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.CreateModel(
            name="DeliveredCase",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("course_id", models.CharField(max_length=100)),
                ("study_instance_uid", models.CharField(blank=True, max_length=64)),
                ("message", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="case",
                                                 to="webhooks.webhookmessage")),
            ],
        ),
    ]
