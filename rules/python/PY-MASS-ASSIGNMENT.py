from django import forms
from django.contrib import admin
from django.forms import modelform_factory
from django.http import JsonResponse
from django.views.generic import UpdateView
from fastapi import FastAPI
from flask import Flask, jsonify, render_template, request
from pydantic import BaseModel
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .forms import ProfileForm
from .models import Account, Member, Profile, User, db
from .serializers import UserSerializer

app = Flask(__name__)
api = FastAPI()
EDITABLE_FIELDS = {"display_name", "bio", "avatar_url"}


class UserIn(BaseModel):
    name: str
    email: str


@app.route("/api/users", methods=["POST"])
def create_user():
    # ruleid: PY-MASS-ASSIGNMENT
    user = User(**request.get_json())
    db.session.add(user)
    db.session.commit()
    return {"id": user.id}, 201


@app.route("/api/profile", methods=["PATCH"])
def update_profile():
    profile = Profile.query.get_or_404(request.args["id"])
    for key, value in request.json.items():
        # ruleid: PY-MASS-ASSIGNMENT
        setattr(profile, key, value)
    db.session.commit()
    return {"ok": True}


def signup(request):
    # ruleid: PY-MASS-ASSIGNMENT
    account = Account.objects.create(**request.POST.dict())
    return JsonResponse({"id": account.pk})


@api_view(["PUT"])
def edit_user(request, pk):
    data = request.data
    # ruleid: PY-MASS-ASSIGNMENT
    User.objects.filter(pk=pk).update(**data)
    return Response(status=204)


@app.route("/api/settings", methods=["POST"])
def save_settings():
    prefs = request.get_json(force=True)
    current = Profile.query.first()
    # ruleid: PY-MASS-ASSIGNMENT
    current.__dict__.update(prefs)
    return {"ok": True}


@app.route("/api/profile/bulk", methods=["PATCH"])
def bulk_update_profile():
    # ruleid: PY-MASS-ASSIGNMENT
    Profile.query.filter_by(id=request.args["id"]).update(request.get_json())
    db.session.commit()
    return {"ok": True}


@app.route("/api/explicit", methods=["POST"])
def create_user_explicit():
    data = request.get_json()
    # ok: PY-MASS-ASSIGNMENT
    user = User(name=data["name"], email=data["email"])
    db.session.add(user)
    return {"id": user.id}, 201


@app.route("/api/profile/safe", methods=["PATCH"])
def update_profile_safe():
    profile = Profile.query.get_or_404(request.args["id"])
    for key, value in request.json.items():
        if key in EDITABLE_FIELDS:
            # ok: PY-MASS-ASSIGNMENT
            setattr(profile, key, value)
    return {"ok": True}


def signup_form(request):
    form = ProfileForm(request.POST)
    if form.is_valid():
        # ok: PY-MASS-ASSIGNMENT
        Account.objects.create(**form.cleaned_data)
    return JsonResponse({"ok": form.is_valid()})


@api_view(["POST"])
def create_with_serializer(request):
    serializer = UserSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    # ok: PY-MASS-ASSIGNMENT
    user = User.objects.create(**serializer.validated_data)
    return Response({"id": user.pk}, status=201)


@api.post("/users")
async def create_user_typed(payload: UserIn):
    # A pydantic body model only has its declared fields.
    # ok: PY-MASS-ASSIGNMENT
    user = User(**payload.model_dump())
    return {"id": user.id}


@app.route("/api/filtered", methods=["POST"])
def create_filtered():
    data = request.get_json()
    allowed = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    # ok: PY-MASS-ASSIGNMENT
    profile = Profile(**allowed)
    return {"id": profile.id}


@app.route("/echo")
def echo():
    # Not a model: the keys only name template variables / JSON fields.
    # ok: PY-MASS-ASSIGNMENT
    return render_template("echo.html", **request.args)


@app.route("/api/echo", methods=["POST"])
def echo_json():
    # ok: PY-MASS-ASSIGNMENT
    return jsonify(**request.get_json())


class MemberForm(forms.ModelForm):
    """The self-service "edit my membership" page."""

    class Meta:
        model = Member
        # Every field of Member (role, is_owner, plan...) becomes a form field the user can post.
        # ruleid: PY-MASS-ASSIGNMENT
        fields = "__all__"


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        # ruleid: PY-MASS-ASSIGNMENT
        fields = "__all__"


class MemberUpdate(UpdateView):
    model = Member
    # ruleid: PY-MASS-ASSIGNMENT
    fields = "__all__"
    success_url = "/members/"


class MemberProfileForm(forms.ModelForm):
    class Meta:
        model = Member
        # ok: PY-MASS-ASSIGNMENT
        fields = ["display_name", "timezone", "avatar"]


class MemberReadSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        # Output only: every field is read-only.
        # ok: PY-MASS-ASSIGNMENT
        fields = "__all__"
        read_only_fields = fields


class MemberAdminForm(forms.ModelForm):
    class Meta:
        model = Member
        # Only staff edit members in the admin, where every field is meant to be editable.
        # ok: PY-MASS-ASSIGNMENT
        fields = "__all__"


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    form = MemberAdminForm


# ruleid: PY-MASS-ASSIGNMENT
MemberQuickForm = modelform_factory(Member, fields="__all__")
# ok: PY-MASS-ASSIGNMENT
MemberNameForm = modelform_factory(Member, fields=["display_name"])


# Falcon responders: req.get_media() is the decoded JSON body.
class CustomerProfile:
    EDITABLE = {"display_name", "phone", "newsletter"}

    def on_patch(self, req, resp):
        cust = load_customer(req.context.customer_id)
        for key, value in req.get_media().items():
            # ruleid: PY-MASS-ASSIGNMENT
            setattr(cust, key, value)

    def on_put(self, req, resp):
        cust = load_customer(req.context.customer_id)
        for key, value in req.get_media().items():
            if key in self.EDITABLE:
                # ok: PY-MASS-ASSIGNMENT
                setattr(cust, key, value)
