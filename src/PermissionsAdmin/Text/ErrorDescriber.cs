using Microsoft.AspNetCore.Identity;

namespace PermissionsAdmin.Text;

/// <summary>
/// Identity's errors that reach people, in the current language (<see cref="Messages"/>): Identity ships them in
/// English only. The English keys are Identity's own texts, so the API and the CLI read as before; groups, which
/// Identity calls roles, are called groups.
/// </summary>
internal sealed class ErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DefaultError() =>
        new() { Code = nameof(DefaultError), Description = Messages.Get("An unknown failure has occurred.") };

    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = Messages.Get("Incorrect password.") };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = Messages.Format("Username '{0}' is invalid, can only contain letters or digits.", userName) };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = Messages.Format("Email '{0}' is invalid.", email) };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = Messages.Format("Username '{0}' is already taken.", userName) };

    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = Messages.Format("Email '{0}' is already taken.", email) };

    public override IdentityError DuplicateRoleName(string role) =>
        new() { Code = nameof(DuplicateRoleName), Description = Messages.Format("A group named '{0}' already exists.", role) };

    public override IdentityError InvalidRoleName(string? role) =>
        new() { Code = nameof(InvalidRoleName), Description = Messages.Format("Group name '{0}' is invalid.", role) };

    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = Messages.Format("Passwords must be at least {0} characters.", length) };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = Messages.Format("Passwords must use at least {0} different characters.", uniqueChars) };

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = Messages.Get("Passwords must have at least one non alphanumeric character.") };

    public override IdentityError PasswordRequiresDigit() =>
        new() { Code = nameof(PasswordRequiresDigit), Description = Messages.Get("Passwords must have at least one digit ('0'-'9').") };

    public override IdentityError PasswordRequiresLower() =>
        new() { Code = nameof(PasswordRequiresLower), Description = Messages.Get("Passwords must have at least one lowercase ('a'-'z').") };

    public override IdentityError PasswordRequiresUpper() =>
        new() { Code = nameof(PasswordRequiresUpper), Description = Messages.Get("Passwords must have at least one uppercase ('A'-'Z').") };
}
