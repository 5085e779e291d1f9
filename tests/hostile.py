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
