from django.urls import path

from .views import observers, reports, room, tabletop, trainer, training

app_name = "exercises"

urlpatterns = [
    path("", tabletop.index, name="index"),
    path("sessions/new/", tabletop.new_session, name="new_session"),
    path("sessions/<int:pk>/", tabletop.console, name="console"),
    path("sessions/<int:pk>/status/", tabletop.console_status, name="console_status"),
    path("sessions/<int:pk>/play/", tabletop.play, name="play"),
    path("sessions/<int:pk>/decide/", tabletop.decide, name="decide"),
    path("sessions/<int:pk>/inject/", tabletop.inject, name="inject"),
    path("sessions/<int:pk>/pause/", tabletop.set_status, {"action": "pause"}, name="pause"),
    path("sessions/<int:pk>/resume/", tabletop.set_status, {"action": "resume"}, name="resume"),
    path("sessions/<int:pk>/end/", tabletop.end_session, name="end"),
    path("sessions/<int:pk>/clock/next/", tabletop.run_to_next, name="run_to_next"),
    path("sessions/<int:pk>/clock/to/", tabletop.run_to, name="run_to"),
    path("sessions/<int:pk>/clock/free/", tabletop.let_run, name="let_run"),
    path("sessions/<int:pk>/notes/", tabletop.add_note, name="add_note"),
    path("sessions/<int:pk>/report/", reports.report, name="report"),
    path("sessions/<int:pk>/report.md", reports.report_markdown, name="report_md"),
    path("sessions/<int:pk>/report.pdf", reports.report_pdf, name="report_pdf"),
    path("sessions/<int:pk>/room/", room.room, name="room"),
    path("sessions/<int:pk>/room/live/", room.room_live, name="room_live"),
    path("sessions/<int:pk>/observers/", observers.observers, name="observers"),
    path("training/", training.training_index, name="training"),
    path("training/attempts/<int:pk>/", training.debrief, name="debrief"),
    path("training/cohorts/", trainer.cohort_list, name="cohorts"),
    path("training/cohorts/<int:pk>/", trainer.cohort, name="cohort"),
    path("training/cohorts/<int:pk>/trainees/", trainer.add_trainee, name="add_trainee"),
    path("training/cohorts/<int:pk>/attempts.csv", trainer.cohort_csv, name="cohort_csv"),
    path("training/<slug:slug>/", training.exercise, name="exercise"),
    path("training/<slug:slug>/check/", training.check, name="check"),
]
