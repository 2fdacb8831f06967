from django import forms
from django.contrib.auth import password_validation

from .models import Invoice, Member, Tenant


class InvoiceFilterForm(forms.Form):
    customer = forms.CharField(required=False, max_length=120)
    status = forms.ChoiceField(required=False, choices=[("", "any"), ("paid", "paid"), ("open", "open")])


class MemberProfileForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["display_name", "timezone", "avatar"]  # SAFE: CWE-915


class MemberAdminForm(forms.ModelForm):
    """Used by the self-service 'edit my membership' page as well as by tenant owners."""

    class Meta:
        model = Member
        fields = "__all__"  # VULN: CWE-915


class TenantSettingsForm(forms.ModelForm):
    class Meta:
        model = Tenant
        exclude = ["plan", "owner", "schema_name", "is_suspended"]


class SignupForm(forms.Form):
    email = forms.EmailField()
    workspace = forms.SlugField(max_length=40)
    password = forms.CharField(widget=forms.PasswordInput, min_length=12)  # SAFE: CWE-259
    password_confirm = forms.CharField(widget=forms.PasswordInput, label="Repeat password")  # SAFE: CWE-259

    def clean(self):
        data = super().clean()
        if data.get("password") != data.get("password_confirm"):  # SAFE: CWE-208
            raise forms.ValidationError("The two passwords do not match.")
        password_validation.validate_password(data.get("password", ""))
        return data


class InvoiceNoteForm(forms.ModelForm):
    class Meta:
        model = Invoice
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
