import logging
import random
import secrets
import string

import requests
from django.conf import settings
from django.core.mail import send_mail
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import ApiKey, Invitation, Member, Tenant

log = logging.getLogger("tenantly.signals")

AVATAR_COLOURS = ["#f94144", "#f3722c", "#f8961e", "#90be6d", "#43aa8b", "#577590"]


@receiver(post_save, sender=Member)
def member_created(sender, instance, created, **kwargs):
    if not created:
        return
    instance.avatar_colour = random.choice(AVATAR_COLOURS)  # SAFE: CWE-330
    instance.save(update_fields=["avatar_colour"])
    tenant = instance.tenant
    payload = {"event": "member.created", "member": instance.email, "tenant": tenant.slug}
    requests.post(settings.SLACK_SIGNUPS_WEBHOOK, json=payload, timeout=5)  # SAFE: CWE-918
    if tenant.webhook_url:
        requests.post(tenant.webhook_url, json=payload, timeout=5)  # VULN: CWE-918


@receiver(post_save, sender=Invitation)
def invitation_created(sender, instance, created, **kwargs):
    if not created:
        return
    instance.code = "".join(random.choice(string.ascii_letters + string.digits) for _ in range(20))  # VULN: CWE-338
    instance.save(update_fields=["code"])
    send_mail("You're invited", f"{settings.SITE_URL}/join/{instance.code}", None, [instance.email])


@receiver(post_save, sender=ApiKey)
def api_key_created(sender, instance, created, **kwargs):
    if created:
        log.info("api key %s created for tenant %s: %s", instance.pk, instance.tenant_id, instance.raw_key)  # VULN: CWE-532
        log.info("api key %s created for tenant %s (prefix %s)", instance.pk, instance.tenant_id, instance.prefix)  # SAFE: CWE-532


@receiver(post_save, sender=Tenant)
def tenant_created(sender, instance, created, **kwargs):
    if created:
        instance.signing_secret = secrets.token_hex(32)  # SAFE: CWE-338
        instance.save(update_fields=["signing_secret"])
