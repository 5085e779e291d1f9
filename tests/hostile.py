"""Hostile strings that must always be shown as text, never run."""

PAYLOADS = [
    "<script>alert('xss-1')</script>",
    '"><img src=x onerror=alert("xss-2")>',
    "</script><script>alert('xss-3')</script>",
    '<a hx-get="/logout" hx-trigger="load" id="xss-4">x</a>',
    "<svg onload=alert('xss-5')>",
    "{{ 7*7 }}{% raw %}",
    "javascript:alert('xss-6')",
]
RAW_MARKERS = ["<script>alert", "<img src=x", 'hx-trigger="load"', "<svg onload", "49"]


def hostile_document(session, actor, title: str):
    """A document whose sentences, title and review notes are all payloads."""
    from app.services import review
    from tests.factories import add_document

    text = " ".join(f"Officials said {payload}." for payload in PAYLOADS)
    document, claims = add_document(session, text=text, title=title)
    for claim, payload in zip(claims, PAYLOADS, strict=False):
        review.set_review(session=session, claim_id=claim.id, actor=actor, label="disputed",
                          note=payload)
    return document, claims
