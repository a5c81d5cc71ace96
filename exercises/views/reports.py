"""The after-action report of an ended session: the page, Markdown and PDF. The table (the
facilitator and the role holders) and the invited observers may read it; nobody else. Not ended yet: the page sends
them back, the downloads answer 409; stored inputs that cannot be replayed: 409 too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from .. import reports, sessions
from ..models import TabletopSession
from .tabletop import _watchable, answers_when_unreadable


@login_required
@answers_when_unreadable
def report(request, pk):
    session = _watchable(request, pk)
    if session.status != TabletopSession.Status.ENDED:
        messages.error(request, "The after-action report is ready once the session ends.")
        return redirect(_where_the_session_goes_on(session, request.user), pk=pk)
    return render(request, "exercises/report.html", reports.after_action(session))


def _download(request, pk, make, content_type: str, suffix: str) -> HttpResponse:
    session = _watchable(request, pk)
    if session.status != TabletopSession.Status.ENDED:
        return _conflict("The session has not ended yet.")
    try:
        body = make(request, session)
    except sessions.SessionUnreadable as broken:
        return _conflict(str(broken))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="tabletop-{session.pk}.{suffix}"'
    return response


def _conflict(text: str) -> HttpResponse:
    return HttpResponse(text, status=409, content_type="text/plain; charset=utf-8")


def _markdown(request, session) -> str:
    return reports.markdown(session, base_url=request.build_absolute_uri("/").rstrip("/"))


def _pdf(request, session) -> bytes:
    from weasyprint import HTML  # loads pango: only when a PDF is asked for

    html = render_to_string("exercises/report_print.html", reports.after_action(session))
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()


@login_required
def report_markdown(request, pk):
    return _download(request, pk, _markdown, "text/markdown; charset=utf-8", "md")


@login_required
def report_pdf(request, pk):
    return _download(request, pk, _pdf, "application/pdf", "pdf")


def _where_the_session_goes_on(session, user) -> str:
    if session.facilitator_id == user.pk:
        return "exercises:console"
    return "exercises:play" if sessions.is_participant(session, user) else "exercises:room"
