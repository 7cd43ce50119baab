using Microsoft.AspNetCore.Identity;

namespace PermissionsAdmin.Users;

/// <summary>The Identity user with Django's account flags and profile fields.</summary>
public class PermissionsUser : IdentityUser<int>
{
    private string _firstName = "";
    private string _lastName = "";

    public string FirstName
    {
        get => _firstName;
        set => (_firstName, NormalizedFirstName) = (value, value.ToUpperInvariant());
    }

    public string LastName
    {
        get => _lastName;
        set => (_lastName, NormalizedLastName) = (value, value.ToUpperInvariant());
    }

    /// <summary>
    /// The names upper-cased like Identity's normalized user name and e-mail, kept in step by the setters, so the
    /// admin's case-insensitive prefix search is an index range scan.
    /// </summary>
    public string NormalizedFirstName { get; private set; } = "";

    public string NormalizedLastName { get; private set; } = "";

    /// <summary>Inactive users hold no permission and cannot sign in; prefer this to deleting accounts.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>Staff users may enter the admin site.</summary>
    public bool IsStaff { get; set; }

    /// <summary>An active superuser holds every permission without it being granted.</summary>
    public bool IsSuperuser { get; set; }

    public DateTime DateJoined { get; set; } = DateTime.UtcNow;
    public DateTime? LastLogin { get; set; }

    public ICollection<UserPermission> Permissions { get; } = new List<UserPermission>();
}
