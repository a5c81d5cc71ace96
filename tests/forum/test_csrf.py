"""Forms are protected against cross-site request forgery: no token, no action."""

from django.urls import reverse

from forum.models import Event


def test_it_refuses_a_reply_without_a_csrf_token(csrf_client, org):
    csrf_client.force_login(org.alice)
    events = Event.objects.count()
    response = csrf_client.post(reverse("forum:reply", args=[org.question.key]), {"body": "hi"})
    assert response.status_code == 403
    assert Event.objects.count() == events


def test_it_refuses_to_follow_advice_without_a_csrf_token(csrf_client, org):
    csrf_client.force_login(org.bob)
    events = Event.objects.count()
    response = csrf_client.post(reverse("forum:follow", args=[f"{org.question.key}.1"]))
    assert response.status_code == 403
    assert Event.objects.count() == events


def test_it_accepts_a_reply_with_the_token_from_the_page(csrf_client, org):
    csrf_client.force_login(org.alice)
    thread_url = reverse("forum:thread", args=[org.question.key])
    token = csrf_client.get(thread_url).context["csrf_token"]
    response = csrf_client.post(reverse("forum:reply", args=[org.question.key]),
                                {"body": "hi", "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert Event.objects.last().verb == "post.published"


def test_it_signs_out_only_by_post(client, org):
    client.force_login(org.alice)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("forum:resources")).status_code == 302
