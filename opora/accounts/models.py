import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A tenant: an NGO, or a school that employs its own social pedagogue."""

    class Kind(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        SCHOOL = "school", _("School")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NGO)
    slug = models.SlugField(_("short name"), unique=True)
    # How many years after closure a case is kept before it is anonymised (§6, retention).
    retention_years = models.PositiveSmallIntegerField(_("retention period (years)"), default=5)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


def normalise_email(value) -> str:
    """The one spelling of an e-mail address the system stores, signs in and counts failures
    with: surrounding spaces trimmed and the whole address case-folded (``Tomas.Kral@X.cz`` and
    `` tomas.kral@x.cz `` are the same person)."""
    return str(value or "").strip().casefold()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not normalise_email(email):
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        # Stored addresses are normalised (User.save), so an exact match on the normalised
        # spelling finds the account on every database (SQLite's iexact folds only ASCII).
        return self.get(**{self.model.USERNAME_FIELD: normalise_email(username)})


def _new_session_salt() -> str:
    return secrets.token_hex(16)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. What they may do comes from their memberships."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Changing this value signs the user out of every session ("sign out everywhere").
    session_salt = models.CharField(max_length=32, default=_new_session_salt, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_session_auth_hash(self):
        key_salt = "opora.accounts.User.get_session_auth_hash"
        return salted_hmac(key_salt, self.password + self.session_salt, algorithm="sha256").hexdigest()

    def rotate_session_salt(self):
        self.session_salt = _new_session_salt()


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Case manager")
    COORDINATOR = "coordinator", _("Coordinator")
    SCHOOL_STAFF = "school_staff", _("School staff")
    FACILITATOR = "facilitator", _("Facilitator")
    EXTERNAL = "external", _("External actor")
    ADMIN = "admin", _("Administrator")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        """Memberships a person acts through: accepted (tied to an account) and switched on."""
        return self.filter(is_active=True, user__isnull=False, user__is_active=True)

    def pending(self):
        """Invitations not accepted yet: no account is tied to them."""
        return self.filter(user__isnull=True)


class Membership(models.Model):
    """A user's role in one organisation. A user may hold several memberships.

    An administrator adds a person by *inviting* them: the membership is created pending, with
    no account (``user`` empty) and only the e-mail and name the administrator typed. The
    person ties it to their account by accepting the signed link sent to that e-mail; until
    then nothing about an existing account (its name, that it exists) reaches the organisation.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"), null=True, blank=True
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # School staff act for exactly one school.
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_memberships",
        verbose_name=_("school"),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The invitation: what the administrator typed, and when it was sent and accepted.
    invited_email = models.EmailField(_("invited e-mail"), blank=True)
    invited_name = models.CharField(_("invited name"), max_length=150, blank=True)
    invited_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("invited by")
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
            models.UniqueConstraint(
                fields=["organisation", "invited_email", "role"],
                condition=models.Q(user__isnull=True),
                name="membership_unique_pending_invitation",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(invited_email=""),
                name="membership_user_or_invitation",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self):
        return f"{self.display_name} · {self.organisation} · {self.get_role_display()}"

    @property
    def is_pending(self) -> bool:
        return self.user_id is None

    @property
    def display_name(self) -> str:
        """The name the organisation may see: the typed name until the invitation is accepted."""
        return self.invited_name if self.is_pending else str(self.user)

    @property
    def display_email(self) -> str:
        return self.invited_email if self.is_pending else self.user.email

    def clean(self):
        if self.role == Role.SCHOOL_STAFF and not self.school_id:
            raise ValidationError({"school": _("School staff must be tied to one school.")})
        if self.role != Role.SCHOOL_STAFF and self.school_id:
            raise ValidationError({"school": _("Only school staff are tied to a school.")})
        if self.school_id and self.school.organisation_id != self.organisation_id:
            raise ValidationError({"school": _("The school belongs to another organisation.")})

    @property
    def is_case_manager(self):
        return self.role == Role.CASE_MANAGER

    @property
    def is_coordinator(self):
        return self.role == Role.COORDINATOR

    @property
    def is_school_staff(self):
        return self.role == Role.SCHOOL_STAFF

    @property
    def is_admin(self):
        return self.role == Role.ADMIN
