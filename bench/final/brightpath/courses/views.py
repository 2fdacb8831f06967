import hashlib
import hmac
import json
import logging
import os
import subprocess

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .models import Course, Enrollment, Lesson, Submission

log = logging.getLogger(__name__)
EXPORT_FORMATS = {"pdf", "epub", "html"}


class CourseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = ["id", "title", "summary", "level", "published"]  # SAFE: CWE-915
        read_only_fields = ["published"]


class EnrollmentSerializer(serializers.ModelSerializer):
    # Enrollment has: student, course, amount_paid, approved, certificate_issued
    class Meta:
        model = Enrollment
        fields = "__all__"  # VULN: CWE-915


class CourseViewSet(viewsets.ModelViewSet):
    serializer_class = CourseSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        qs = Course.objects.filter(published=True)
        level = self.request.query_params.get("level")
        if level:
            qs = qs.filter(level=level)  # SAFE: CWE-89
        return qs

    @action(detail=False)
    def search(self, request):
        term = request.query_params.get("q", "")
        qs = Course.objects.raw("SELECT * FROM courses_course WHERE published AND title ILIKE '%" + term + "%'")  # VULN: CWE-89
        return Response(CourseSerializer(qs, many=True).data)

    @action(detail=False)
    def popular(self, request):
        minimum = int(request.query_params.get("min", 10))
        qs = Course.objects.raw("SELECT * FROM courses_course WHERE enrollment_count > %s ORDER BY enrollment_count DESC", [minimum])  # SAFE: CWE-89
        return Response(CourseSerializer(qs, many=True).data)


class EnrollmentViewSet(viewsets.ModelViewSet):
    serializer_class = EnrollmentSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return Enrollment.objects.filter(student=self.request.user)

    def perform_create(self, serializer):
        serializer.save(student=self.request.user)


@login_required
def lesson_export(request, lesson_id):
    lesson = get_object_or_404(Lesson, pk=lesson_id)
    fmt = request.GET.get("format", "pdf")
    out = os.path.join(settings.MEDIA_ROOT, "exports", f"lesson-{lesson.pk}.{fmt}")
    subprocess.run(f"pandoc {lesson.source_path} -o {out}", shell=True, check=True)  # VULN: CWE-78
    return FileResponse(open(out, "rb"))


@login_required
def lesson_export_v2(request, lesson_id):
    lesson = get_object_or_404(Lesson, pk=lesson_id)
    fmt = request.GET.get("format", "pdf")
    if fmt not in EXPORT_FORMATS:
        raise Http404("unknown format")
    out = os.path.join(settings.MEDIA_ROOT, "exports", f"lesson-{lesson.pk}.{fmt}")
    subprocess.run(["pandoc", lesson.source_path, "-o", out], check=True, timeout=120)  # SAFE: CWE-78
    return FileResponse(open(out, "rb"))


def course_teaser(request, slug):
    course = get_object_or_404(Course, slug=slug)
    highlight = request.GET.get("hl", "")
    body = mark_safe(f"<h1>{course.title}</h1><p class='hl'>{highlight}</p>")  # VULN: CWE-79
    return render(request, "courses/teaser.html", {"body": body})


def course_badge(request, slug):
    course = get_object_or_404(Course, slug=slug)
    return HttpResponse(format_html("<span class='badge'>{}</span>", request.GET.get("label", course.level)))  # SAFE: CWE-79


def course_outline(request, slug):
    course = get_object_or_404(Course, slug=slug)
    return render(request, "courses/outline.html", {"course": course, "q": request.GET.get("q", "")})  # SAFE: CWE-79


def switch_language(request):
    nxt = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        nxt = "/"
    return HttpResponseRedirect(nxt)  # SAFE: CWE-601


def sso_return(request):
    return redirect(request.GET.get("return_to", "/dashboard/"))  # VULN: CWE-601


@csrf_exempt  # VULN: CWE-352
@login_required
@require_POST
def submit_assignment(request, lesson_id):
    lesson = get_object_or_404(Lesson, pk=lesson_id)
    sub = Submission.objects.create(lesson=lesson, student=request.user, body=request.POST.get("body", ""))
    return JsonResponse({"id": sub.pk})


@login_required
def submission_file(request, sub_id):
    sub = get_object_or_404(Submission, pk=sub_id, student=request.user)
    name = request.GET["name"]
    path = os.path.join(settings.MEDIA_ROOT, "submissions", str(sub.pk), name)
    return FileResponse(open(path, "rb"))  # VULN: CWE-22


@login_required
def gradebook_update(request, course_id):
    data = json.loads(request.body)  # SAFE: CWE-502
    course = get_object_or_404(Course, pk=course_id, instructors=request.user)
    with connection.cursor() as cur:
        for row in data["grades"]:
            cur.execute("UPDATE courses_enrollment SET grade = %s WHERE course_id = %s AND student_id = %s", [row["grade"], course.pk, row["student"]])  # SAFE: CWE-89
    return JsonResponse({"updated": len(data["grades"])})


@csrf_exempt  # SAFE: CWE-352
@require_POST
def payment_webhook(request):
    sig = request.headers.get("X-Paddle-Signature", "")
    expected = hmac.new(settings.PADDLE_WEBHOOK_SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(sig, expected):  # SAFE: CWE-208
        return HttpResponse(status=400)
    event = json.loads(request.body)
    Enrollment.objects.filter(pk=event["passthrough"]["enrollment"]).update(approved=True)
    return HttpResponse(status=204)


def certificate_lookup(request):
    code = request.GET.get("code", "")
    with connection.cursor() as cur:
        cur.execute(f"SELECT student_name, course_title, issued_on FROM certificates WHERE code = '{code}'")  # VULN: CWE-89
        row = cur.fetchone()
    if not row:
        raise Http404
    return JsonResponse({"student": row[0], "course": row[1], "issued": row[2].isoformat()})
