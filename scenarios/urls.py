from django.urls import path

from .views import runs, sensitivity, sweeps

app_name = "scenarios"

urlpatterns = [
    path("runs/", runs.run_list, name="runs"),
    path("runs/<int:pk>/", runs.run_detail, name="run"),
    path("runs/<int:pk>/at/", runs.run_at, name="run_at"),
    path("runs/<int:pk>/explain/", runs.run_explain, name="run_explain"),
    path("runs/<int:pk>/summary.md", runs.run_summary, name="run_summary"),
    path("sweeps/", sweeps.sweep_list, name="sweeps"),
    path("sweeps/<int:pk>/", sweeps.sweep_detail, name="sweep"),
    path("sensitivity/", sensitivity.sensitivity_list, name="analyses"),
    path("sensitivity/<int:pk>/", sensitivity.sensitivity_detail, name="analysis"),
    path("sensitivity/<int:pk>/<str:name>", sensitivity.sensitivity_file, name="analysis_file"),
]
