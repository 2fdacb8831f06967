from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.shortcuts import render

from .models import Book, Order

ORDERINGS = {"title": "title", "newest": "-published"}


def search(request):
    q = request.GET.get("q", "")
    # ruleid: PY-SQL-DJANGO-RAW
    books = Book.objects.raw(f"SELECT * FROM shop_book WHERE title LIKE '%{q}%'")
    return render(request, "search.html", {"books": books})


def by_author(author):
    query = "SELECT * FROM shop_book WHERE author = '%s'" % author
    # ruleid: PY-SQL-DJANGO-RAW
    return list(Book.objects.raw(query))


def cheap(request):
    limit = request.GET["max"]
    # ruleid: PY-SQL-DJANGO-RAW
    return Book.objects.extra(where=["price < " + limit])


def with_discount(rate):
    # ruleid: PY-SQL-DJANGO-RAW
    return Order.objects.annotate(discounted=RawSQL("total * (1 - {})".format(rate), []))


def titles(column):
    # ruleid: PY-SQL-DJANGO-RAW
    return Book.objects.extra(select={"label": f"upper({column})"})


def search_safe(request):
    q = request.GET.get("q", "")
    # ok: PY-SQL-DJANGO-RAW
    books = Book.objects.raw("SELECT * FROM shop_book WHERE title LIKE %s", [f"%{q}%"])
    return render(request, "search.html", {"books": books})


def cheap_safe(request):
    # ok: PY-SQL-DJANGO-RAW
    return Book.objects.extra(where=["price < %s"], params=[request.GET["max"]])


def with_discount_safe(rate):
    # ok: PY-SQL-DJANGO-RAW
    return Order.objects.annotate(discounted=RawSQL("total * (1 - %s)", [rate]))


def all_books():
    # ok: PY-SQL-DJANGO-RAW
    return Book.objects.raw(f"SELECT * FROM {Book._meta.db_table} ORDER BY title")


def filtered(request):
    # ok: PY-SQL-DJANGO-RAW
    return Book.objects.filter(Q(title__icontains=request.GET["q"]) | Q(price__lt=F("list_price")))
