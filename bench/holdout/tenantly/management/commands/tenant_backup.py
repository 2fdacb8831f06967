"""./manage.py tenant_backup <slug> [--restore ARCHIVE]

Dumps one tenant's schema to S3 or restores it from an archive a tenant admin uploaded
through the "import workspace" page.
"""
import os
import subprocess
import tarfile
import tempfile

import boto3
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tenantly.models import Tenant


class Command(BaseCommand):
    help = "Back up or restore a single tenant schema"

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--restore", metavar="ARCHIVE")
        parser.add_argument("--legacy", action="store_true")

    def handle(self, *args, **opts):
        try:
            tenant = Tenant.objects.get(slug=opts["slug"])
        except Tenant.DoesNotExist:
            raise CommandError("no such tenant")
        if opts["restore"]:
            return self.restore(tenant, opts["restore"])
        if opts["legacy"]:
            return self.legacy_dump(tenant)
        return self.dump(tenant)

    def dump(self, tenant):
        fd, out = tempfile.mkstemp(suffix=".sql", prefix=f"{tenant.slug}-")  # SAFE: CWE-377
        os.close(fd)
        subprocess.run(["pg_dump", "--schema", tenant.schema_name, "--file", out, settings.DATABASES["default"]["NAME"]], check=True)  # SAFE: CWE-78
        os.chmod(out, 0o600)  # SAFE: CWE-732
        boto3.client("s3").upload_file(out, settings.BACKUP_BUCKET, f"tenants/{tenant.id}/{os.path.basename(out)}")
        os.unlink(out)

    def legacy_dump(self, tenant):
        # display_name is whatever the customer typed at signup
        out = tempfile.mktemp(suffix=".sql")  # VULN: CWE-377
        os.system(f"pg_dump -n {tenant.schema_name} tenantly > '{out}' && echo done: {tenant.display_name}")  # VULN: CWE-78
        os.chmod(out, 0o666)  # VULN: CWE-732
        self.stdout.write(out)

    def restore(self, tenant, archive):
        workdir = tempfile.mkdtemp(prefix="restore-")
        with tarfile.open(archive) as tar:
            tar.extractall(workdir)  # VULN: CWE-22
        dump = os.path.join(workdir, "schema.sql")
        subprocess.run(["psql", "--single-transaction", "-f", dump, settings.DATABASES["default"]["NAME"]], check=True)

    def restore_v2(self, tenant, archive):
        workdir = tempfile.mkdtemp(prefix="restore-")
        with tarfile.open(archive) as tar:
            tar.extractall(workdir, filter="data")  # SAFE: CWE-22
        return workdir
