"""The alert pages: saving a search from the search page, the guest's confirmation, the manage page (change or
delete without logging in, by the signed link of every mail) and the one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.lockout import client_ip
from config.caching import text_key

from .forms import AlertChangeForm, AlertSaveForm
from .links import alert_id_from_confirm, alert_id_from_manage
from .models import Alert
from .params import params_from_page
from .services import alert_confirm, alert_create, alert_delete, alert_unsubscribe, alert_update

THROTTLE_SECONDS = 3600


def _guest_throttled(request: HttpRequest) -> bool:
    """Count a guest's alert against their address and session (hashed cache keys, forgotten after the hour): a
    confirmation mail goes to any address typed, so the form must not become a way to mail strangers en masse."""
    if not request.session.session_key:
        request.session.save()
    over = False
    for key in (
        f"alerts:guest:ip:{text_key(client_ip(request) or '')}",
        f"alerts:guest:s:{text_key(str(request.session.session_key))}",
    ):
        cache.add(key, 0, THROTTLE_SECONDS)
        try:
            n = cache.incr(key)
        except ValueError:  # evicted in between
            cache.set(key, 1, THROTTLE_SECONDS)
            n = 1
        over = over or n > settings.ALERTS_GUEST_PER_HOUR
    return over


@never_cache
@require_POST
def alert_save(request: HttpRequest) -> HttpResponse:
    """The search page's form: the search is the page's query string (sent along as `search`)."""
    search = QueryDict(request.POST.get("search", ""))
    back = reverse("frontend:job_search") + (f"?{search.urlencode()}" if search else "")
    user = request.user if request.user.is_authenticated else None
    form = AlertSaveForm(data=request.POST, guest=user is None)
    status = 200
    if form.is_valid():
        if user is None and _guest_throttled(request):
            form.add_error(None, _("You have saved several alerts in a short time. Please try again later."))
            status = 429
        else:
            try:
                alert_create(
                    user=user,
                    params=params_from_page(search),
                    frequency=form.cleaned_data["frequency"],
                    name=form.cleaned_data["name"] or None,
                    email=form.cleaned_data["email"] or "",
                    language=get_language() or settings.LANGUAGE_CODE,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                status = 400
            else:
                if user is None:
                    messages.success(
                        request,
                        _("Almost done: we have sent you an e-mail. Confirm the alert by its link within 48 hours."),
                    )
                else:
                    messages.success(request, _("The alert is saved. You find your alerts on your dashboard."))
                return HttpResponseRedirect(back)
    else:
        status = 400
    response = render(request, "alerts/save.html", {"form": form, "back": back}, status=status)
    if status == 429:
        response["Retry-After"] = str(THROTTLE_SECONDS)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def alert_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST confirms: mail scanners open every link of a mail, and must not confirm an alert the owner of
    the address never asked for (the double opt-in's point)."""
    alert_id = alert_id_from_confirm(token)
    alert = Alert.objects.filter(pk=alert_id).first() if alert_id is not None else None
    if alert is None:
        return render(request, "alerts/confirm.html", {"alert": None}, status=404)
    if request.method == "POST":
        alert = alert_confirm(alert_id=alert.pk)
        if alert is None:
            return render(request, "alerts/confirm.html", {"alert": None}, status=404)
        return render(request, "alerts/confirm.html", {"alert": alert, "confirmed": True})
    return render(request, "alerts/confirm.html", {"alert": alert, "confirmed": alert.confirmed_at is not None})


def _alert_of(token: str) -> Alert:
    alert_id = alert_id_from_manage(token)
    alert = Alert.objects.filter(pk=alert_id).first() if alert_id is not None else None
    if alert is None:
        raise Http404
    return alert


@never_cache
def alert_manage(request: HttpRequest, token: str) -> HttpResponse:
    """Change or delete an alert without logging in: the signed link is the key."""
    alert_id = alert_id_from_manage(token)
    alert = Alert.objects.filter(pk=alert_id).first() if alert_id is not None else None
    if alert is None:
        return render(request, "alerts/gone.html", status=404)
    if request.method == "POST" and "delete" in request.POST:
        alert_delete(alert=alert)
        return render(request, "alerts/gone.html", {"deleted": True})
    data = request.POST if request.method == "POST" else None
    form = AlertChangeForm(data=data, initial={"name": alert.name, "frequency": alert.frequency})
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                alert_update(alert=alert, data=form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                status = 400
            else:
                messages.success(request, _("The alert is saved."))
                return HttpResponseRedirect(request.path)
        else:
            status = 400
    query = QueryDict(mutable=True)
    for name, value in alert.params.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    search_url = reverse("frontend:job_search") + "?" + query.urlencode()
    return render(
        request, "alerts/manage.html", {"alert": alert, "form": form, "search_url": search_url}, status=status
    )


# No CSRF check and no cookies needed: RFC 8058's one-click POST comes from the mail client, and the signed token
# in the URL is what authorises it (it can only delete the one alert it names). A GET only shows the button, so
# that link scanners that open every URL of a mail unsubscribe nobody.
@csrf_exempt
@never_cache
def alert_unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    alert_id = alert_id_from_manage(token)
    if alert_id is None:
        return render(request, "alerts/gone.html", status=404)
    if request.method == "POST":
        alert_unsubscribe(alert_id=alert_id)
        return render(request, "alerts/gone.html", {"deleted": True})
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None:
        return render(request, "alerts/gone.html", status=404)
    return render(request, "alerts/unsubscribe.html", {"alert": alert})
