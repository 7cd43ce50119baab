using System.ComponentModel.DataAnnotations;
using PermissionsAdmin.Forms;

namespace PermissionsAdmin.Api.Users;

/// <summary>
/// The admin forms' own rules (the attributes and messages of <see cref="UserForm"/> and <see cref="SetPasswordForm"/>)
/// for the fields a request sets, so a value the admin refuses is refused here too, with the same words and the
/// field named. Identity's rules (duplicate names, password strength) are the service's.
/// </summary>
internal static class UserFormRules
{
    /// <summary>Checks the profile fields that are not null; an empty e-mail means "none", as in the form.</summary>
    public static void Check(string? userName, string? email, string? firstName, string? lastName)
    {
        Check<UserForm>(nameof(UserForm.UserName), "userName", userName);
        Check<UserForm>(nameof(UserForm.Email), "email", string.IsNullOrEmpty(email) ? null : email);
        Check<UserForm>(nameof(UserForm.FirstName), "firstName", firstName);
        Check<UserForm>(nameof(UserForm.LastName), "lastName", lastName);
    }

    public static string RequirePassword(string? password)
    {
        Check<SetPasswordForm>(nameof(SetPasswordForm.Password), "password", password ?? "");
        return password!;
    }

    private static void Check<TForm>(string property, string field, string? value) where TForm : new()
    {
        if (value is null) return;
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateProperty(value, new ValidationContext(new TForm()) { MemberName = property }, results))
        {
            throw new AdministrationException(results[0].ErrorMessage!, field);
        }
    }
}
