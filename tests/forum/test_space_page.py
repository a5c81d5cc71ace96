"""The space page: its threads, and asking a new question there."""

from django.urls import reverse

from forum.models import Event, Thread


def test_it_lists_the_threads_of_the_space(login, world):
    org = world.org
    page = login(org.alice).get(reverse("forum:space", args=["eng"])).content.decode()
    assert org.question.title in page
    assert 'id="ask"' in page


def test_it_hides_the_question_form_from_readers_who_may_not_post(login, world):
    page = login(world.org.alice).get(reverse("forum:space", args=["announce"]))
    assert page.status_code == 200
    assert 'id="ask"' not in page.content.decode()


def test_it_posts_a_question_and_shows_its_thread(login, world):
    org = world.org
    response = login(org.alice).post(reverse("forum:ask", args=["eng"]),
                                     {"title": "Where are the runbooks?", "body": "Anyone?"})
    thread = Thread.objects.get(title="Where are the runbooks?")
    assert response["Location"] == reverse("forum:thread", args=[thread.key])
    assert Event.objects.last().verb == "question.posted"


def test_it_rejects_an_empty_question_without_acting(login, world):
    org = world.org
    events = Event.objects.count()
    response = login(org.alice).post(reverse("forum:ask", args=["eng"]), {"title": "", "body": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert Event.objects.count() == events


def test_it_answers_403_to_a_reader_who_may_not_post(login, world):
    response = login(world.org.alice).post(reverse("forum:ask", args=["announce"]),
                                           {"title": "Hi", "body": "Hi"})
    assert response.status_code == 403
    assert Event.objects.last().verb == "question.refused"
