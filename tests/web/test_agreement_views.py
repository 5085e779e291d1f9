"""Agreement figures on the page and in `claimdesk stats`, from real reviews."""

from app.services import review
from tests.factories import add_document
from tests.web.helpers import login_as


def _two_reviewers(session, make_user):
    ana, ben = make_user("ana"), make_user("ben")
    _, claims = add_document(session)
    for claim, (a, b) in zip(claims, [("supported", "supported"), ("disputed", "disputed"),
                                      ("supported", "outdated")], strict=True):
        review.set_review(session=session, claim_id=claim.id, actor=ana, label=a)
        review.set_review(session=session, claim_id=claim.id, actor=ben, label=b)


def test_agreement_page_shows_kappa_and_alpha(client, session, make_user):
    _two_reviewers(session, make_user)
    login_as(client, "ana")
    html = client.get("/agreement").get_data(as_text=True)
    assert "ana / ben" in html and "Krippendorff" in html and "Floods" in html


def test_stats_command_prints_the_same_figures(runner, session, make_user):
    from app.services.agreement import cohens_kappa

    _two_reviewers(session, make_user)
    output = runner.invoke(args=["stats"]).output
    expected = cohens_kappa([("supported", "supported"), ("disputed", "disputed"),
                             ("supported", "outdated")])
    assert f"Cohen's kappa ana / ben: {expected:.3f} over 3 shared claims" in output
    assert "Krippendorff's alpha (nominal), all claims:" in output
