"""Inventory models and custom managers."""
import logging
import time

from django.contrib.auth.hashers import check_password, make_password
from django.db import connection, models
from django.db.models.expressions import RawSQL

log = logging.getLogger(__name__)

ITEM_TABLE = "inventory_item"


class ItemQuerySet(models.QuerySet):
    def in_stock(self):
        return self.filter(qty__gt=0)

    def search(self, term):
        return self.filter(name__icontains=term)  # SAFE: CWE-89

    def with_distance(self, lat, lon):
        return self.annotate(distance=RawSQL("earth_distance(ll_to_earth(%s, %s), location)", (lat, lon)))  # SAFE: CWE-89

    def with_score(self, boost):
        return self.annotate(score=RawSQL(f"popularity * {boost}", ()))  # VULN: CWE-89

    def sorted_by(self, column):
        return self.extra(order_by=[column])  # VULN: CWE-89


class ItemManager(models.Manager.from_queryset(ItemQuerySet)):
    def low_stock(self, threshold):
        started = time.monotonic()
        with connection.cursor() as cur:
            cur.execute("SELECT id FROM inventory_item WHERE qty < %s", [threshold])  # SAFE: CWE-89
            ids = [row[0] for row in cur.fetchall()]
        log.info("SELECT low stock from %s took %.1f ms" % (ITEM_TABLE, (time.monotonic() - started) * 1000))  # SAFE: CWE-89
        return self.filter(id__in=ids)

    def by_supplier(self, supplier):
        return self.raw("SELECT * FROM inventory_item WHERE supplier = '" + supplier + "'")  # VULN: CWE-89

    def count_table(self, table):
        if table not in {"inventory_item", "inventory_stock"}:
            raise ValueError(f"cannot update stats for {table}: unknown table set")  # SAFE: CWE-89
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM %s" % table)  # SAFE: CWE-89
            return cur.fetchone()[0]

    def archive_older_than(self, days):
        """Runs DELETE FROM inventory_item WHERE updated < now() - interval through the ORM."""
        cutoff = time.time() - days * 86400
        return self.filter(updated__lt=cutoff).delete()


class Warehouse(models.Model):
    name = models.CharField(max_length=100)
    code = models.CharField(max_length=10, unique=True)


class Item(models.Model):
    sku = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    qty = models.IntegerField(default=0)
    supplier = models.CharField(max_length=100)
    popularity = models.FloatField(default=0)
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE)
    updated = models.DateTimeField(auto_now=True)

    objects = ItemManager()

    def __str__(self):
        return f"{self.sku} {self.name}"


class SupplierAccount(models.Model):
    supplier = models.CharField(max_length=100)
    portal_user = models.CharField(max_length=100)
    portal_password_hash = models.CharField(max_length=256)
    api_token = models.CharField(max_length=64)

    def set_portal_password(self, raw_password):
        self.portal_password_hash = make_password(raw_password)  # SAFE: CWE-916

    def check_portal_password(self, raw_password):
        return check_password(raw_password, self.portal_password_hash)  # SAFE: CWE-208

    def check_api_token(self, token):
        return self.api_token == token  # VULN: CWE-208
