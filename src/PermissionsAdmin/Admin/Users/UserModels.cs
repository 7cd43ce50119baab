using System.ComponentModel.DataAnnotations;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Admin.Users;

/// <summary>The users list's query string: search, filters, sort and the page's keyset cursor.</summary>
public sealed class UserListQuery
{
    public string? Q { get; set; }
    public bool? Staff { get; set; }
    public bool? Superuser { get; set; }
    public bool? Active { get; set; }
    public int? Group { get; set; }
    public string? Sort { get; set; }

    /// <summary>The page starts after this row (a cursor from the previous page's Next link).</summary>
    public string? After { get; set; }

    /// <summary>The page ends before this row (a cursor from the next page's Previous link).</summary>
    public string? Before { get; set; }

    /// <summary>A search or a filter narrows the list.</summary>
    public bool IsFiltered => !string.IsNullOrWhiteSpace(Q) || Staff is not null || Superuser is not null || Active is not null || Group is not null;
}

public sealed record UserRow(
    int Id, string UserName, string? Email, string FirstName, string LastName, bool IsActive, bool IsStaff, bool IsSuperuser,
    DateTime DateJoined, DateTime? LastLogin);

public sealed record GroupOption(int Id, string Name);

internal sealed record UserListPage(
    UserListQuery Query, IReadOnlyList<UserRow> Users, string? PreviousCursor, string? NextCursor, ResultCount Count,
    IReadOnlyList<GroupOption> Groups);

/// <summary>A user about to be deleted, with what goes with them.</summary>
internal sealed record UserDeletion(int Id, string UserName, bool IsSuperuser, int Groups, int Permissions, int ObjectGrants, int Tokens);

internal sealed record DeleteUsersPage(IReadOnlyList<UserDeletion> Users, string ReturnUrl);

public sealed class AddUserForm
{
    [Required(ErrorMessage = "Enter a user name.")]
    [StringLength(150, ErrorMessage = "Keep the user name to {1} characters or fewer.")]
    [PlainText("user name")]
    [Display(Name = "User name")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Enter a password.")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Enter the same password again.")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The two password fields didn't match.")]
    [Display(Name = "Password confirmation")]
    public string? Password2 { get; set; }
}

public sealed class SetPasswordForm
{
    [Required(ErrorMessage = "Enter a password.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Enter the same password again.")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The two password fields didn't match.")]
    [Display(Name = "New password confirmation")]
    public string? Password2 { get; set; }
}

public sealed class UserForm
{
    [Required(ErrorMessage = "Enter a user name.")]
    [StringLength(150, ErrorMessage = "Keep the user name to {1} characters or fewer.")]
    [PlainText("user name")]
    [Display(Name = "User name")]
    public string? UserName { get; set; }

    [StringLength(254, ErrorMessage = "Keep the e-mail address to {1} characters or fewer.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    [PlainText("e-mail address")]
    [Display(Name = "E-mail address")]
    public string? Email { get; set; }

    [StringLength(150, ErrorMessage = "Keep the first name to {1} characters or fewer.")]
    [PlainText("first name")]
    [Display(Name = "First name")]
    public string? FirstName { get; set; }

    [StringLength(150, ErrorMessage = "Keep the last name to {1} characters or fewer.")]
    [PlainText("last name")]
    [Display(Name = "Last name")]
    public string? LastName { get; set; }

    public bool IsActive { get; set; }
    public bool IsStaff { get; set; }
    public bool IsSuperuser { get; set; }

    public List<int>? GroupIds { get; set; }
    public List<int>? PermissionIds { get; set; }

    /// <summary>
    /// When the groups and permissions this save adds end, as a datetime-local input sends it (no zone: read as UTC);
    /// empty for good. Kept as typed, so that a value that is not a time is shown back with its error.
    /// </summary>
    public string? ExpiresAt { get; set; }

    /// <summary>
    /// The app's clock when the form was shown (round-trip format): what ran out since was held then and is not
    /// renewed by the save (see <see cref="EndedWhileShown"/>). Without it (a script's post) nothing is taken as ended.
    /// </summary>
    public string? ShownAt { get; set; }

    /// <summary>The user's concurrency stamp when the form was opened: a save over someone else's change is refused.</summary>
    public string? ConcurrencyStamp { get; set; }
}

/// <summary>
/// One permission the user holds and why; <paramref name="ExpiresAt"/> (UTC) is when the last of its grants and
/// memberships ends, null when one of them is for good.
/// </summary>
internal sealed record EffectivePermission(string FullName, string Label, bool Direct, IReadOnlyList<string> ViaGroups, DateTime? ExpiresAt);

/// <summary>The user's memberships and direct grants as stored, by group and permission id, each with its end (null for good).</summary>
internal sealed record UserHoldings(IReadOnlyDictionary<int, DateTime?> GroupEnds, IReadOnlyDictionary<int, DateTime?> PermissionEnds);

/// <param name="Now">The app's clock as the page was made: what the panel's "expires in" counts from.</param>
internal sealed record UserEditPage(
    int Id,
    string UserName,
    UserForm Form,
    ChooserModel Groups,
    ChooserModel Permissions,
    IReadOnlyList<EffectivePermission> Effective,
    DateTime Now,
    bool TargetIsSuperuser,
    bool TargetIsActive,
    DateTime DateJoined,
    DateTime? LastLogin,
    bool IsLockedOut,
    DateTimeOffset? LockoutEnd,
    bool CanEdit,
    bool LockedFlags,
    bool LockedSuperuser,
    string? ReadOnlyReason);
