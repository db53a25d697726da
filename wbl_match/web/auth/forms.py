from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Enter your e-mail address.")),
                                                 Email(_l("Enter an e-mail address like name@example.org.")),
                                             Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")),
                                                       Length(max=1024)])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(_l("Enter your current password."))])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(_l("Choose a new password.")),
                                                             Length(max=1024)])
    confirm_password = PasswordField(_l("New password again"), validators=[
        DataRequired(_l("Type the new password again."))])


class PersonalTokenForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Give the token a name.")), Length(max=120)])
