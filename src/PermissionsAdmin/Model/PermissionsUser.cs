using Microsoft.AspNetCore.Identity;

namespace PermissionsAdmin.Model;

/// <summary>The Identity user with Django's account flags and profile fields.</summary>
public class PermissionsUser : IdentityUser<int>
{
    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

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
