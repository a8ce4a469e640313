"""Meta's webhook receiver (Facebook Page `feed`, Instagram `comments`): a thin view.

GET answers the subscription handshake; POST checks the signature, then marks the named
accounts' sources due and answers 200 at once (Meta retries anything else, so a Page nobody
here watches is answered 200 too, and counted). The comments themselves are read by the
monitor through the adapter; nothing in the body is stored.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from upstander.core.ratelimit import rate_limited
from upstander.monitoring.services.webhooks import meta_webhook_news_record
from upstander.platforms.meta_webhook import news_in, signature_matches

log = logging.getLogger("upstander.monitor")

# Meta batches changes, but a delivery is a few kilobytes; anything far larger is not Meta's.
MAX_DELIVERY_BYTES = 512 * 1024


@csrf_exempt  # Meta signs the body instead; there is no session to protect
@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("meta-webhook", limit=600, window_seconds=60)
def meta(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _handshake(request)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return HttpResponse("Bad Content-Length.", status=400, content_type="text/plain")
    if declared > MAX_DELIVERY_BYTES:
        return HttpResponse("Too large.", status=413, content_type="text/plain")
    body = request.body
    if len(body) > MAX_DELIVERY_BYTES:
        return HttpResponse("Too large.", status=413, content_type="text/plain")
    if not signature_matches(
        body, request.headers.get("X-Hub-Signature-256"), settings.META_APP_SECRET
    ):
        return HttpResponse("Bad signature.", status=403, content_type="text/plain")
    try:
        payload = json.loads(body)
    except ValueError:
        return HttpResponse("Not JSON.", status=400, content_type="text/plain")
    news, other = news_in(payload)
    outcome = meta_webhook_news_record(news=news, other=other)
    if outcome.ignored:
        log.info(
            "meta webhook: %d entries ignored (not watched here, or not comments)", outcome.ignored
        )
    return HttpResponse("OK", content_type="text/plain")


def _handshake(request: HttpRequest) -> HttpResponse:
    """Meta's subscription check: echo `hub.challenge` if `hub.verify_token` is ours."""
    expected = settings.META_WEBHOOK_VERIFY_TOKEN
    given = request.GET.get("hub.verify_token", "")
    if (
        request.GET.get("hub.mode") != "subscribe"
        or not expected
        or not constant_time_compare(given, expected)
    ):
        return HttpResponse("Verification failed.", status=403, content_type="text/plain")
    return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
