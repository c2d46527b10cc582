"""The audit trail: who did what to which company or posting, when, and what changed (before → after)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.formatting import local_datetime


class Action(models.TextChoices):
    """Every kind of recorded change: the one list the services name their actions from."""

    COMPANY_REGISTER = "company.register", _("company registered")
    COMPANY_CREATE = "company.create", _("company created by the operator")
    COMPANY_UPDATE = "company.update", _("company changed")
    COMPANY_APPROVE = "company.approve", _("company approved")
    COMPANY_SUSPEND = "company.suspend", _("company suspended")
    COMPANY_SET_PENDING = "company.set_pending", _("company set back to pending")
    COMPANY_DELETE = "company.delete", _("company deleted")
    MEMBER_ADD = "company.member_add", _("member added")
    MEMBER_CHANGE = "company.member_change", _("member's role changed")
    MEMBER_REMOVE = "company.member_remove", _("member removed")
    POSTING_CREATE = "posting.create", _("posting created")
    POSTING_UPDATE = "posting.update", _("posting changed")
    POSTING_PUBLISH = "posting.publish", _("posting published")
    POSTING_RENEW = "posting.renew", _("posting renewed")
    POSTING_CLOSE = "posting.close", _("posting closed")
    POSTING_REJECT = "posting.reject", _("posting rejected")
    POSTING_RESUBMIT = "posting.resubmit", _("posting resubmitted for review")
    POSTING_DELETE = "posting.delete", _("posting deleted")
    POSTING_EXPIRE = "posting.expire", _("posting expired")
    SOURCE_APPROVE = "crawl_source.approve", _("crawl source approved")
    PROFILE_UPDATE = "profile.update", _("profile changed")
    PROFILE_PUBLISH = "profile.publish", _("profile published")
    PROFILE_HIDE = "profile.hide", _("profile hidden")
    PROFILE_AUTO_HIDE = "profile.auto_hide", _("profile hidden after 180 days without an update")
    PROFILE_CV_UPLOAD = "profile.cv_upload", _("CV uploaded")
    PROFILE_CV_DELETE = "profile.cv_delete", _("CV deleted")
    ACCOUNT_EXPORT = "account.export", _("personal data exported")
    ACCOUNT_DELETE = "account.delete", _("account deleted")
    IDENTITY_REVEAL = "identity.reveal", _("identity of a seeker revealed")
    CONTACT_REQUEST = "contact.request", _("contact request sent")
    CONTACT_ACCEPT = "contact.accept", _("contact request accepted")
    CONTACT_DECLINE = "contact.decline", _("contact request declined")
    CONTACT_EXPIRE = "contact.expire", _("contact request expired")
    PROFILE_BLOCK_COMPANY = "profile.block_company", _("company blocked by a seeker")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk))


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    # The user may be deleted later; the label keeps who it was (a username, "crawler: …" or "system").
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=200)
    action = models.CharField(_("action"), max_length=64, choices=Action.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type"))
    # Text, so any primary key fits and the entry outlives a deleted object.
    target_id = models.CharField(_("object id"), max_length=64)
    target_label = models.CharField(_("object"), max_length=200)
    target = GenericForeignKey("target_type", "target_id")
    changes = models.JSONField(_("changes"), default=dict, blank=True)  # {field: [before, after]}
    reason = models.TextField(_("reason"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_at"], name="audit_created_idx"),
            models.Index(fields=["target_type", "target_id", "created_at"], name="audit_target_idx"),
            models.Index(fields=["action", "created_at"], name="audit_action_idx"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{local_datetime(self.created_at)} {self.actor_label}: {self.get_action_display()} {self.target_label}"
