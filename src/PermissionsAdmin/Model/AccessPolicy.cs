namespace PermissionsAdmin.Model;

/// <summary>
/// Makes a group requestable: who may ask for it, who may approve, for how long and on what terms. A group without one
/// cannot be requested. No permissions of its own: setting it needs auth.change_group.
/// </summary>
[DefaultPermissions(DefaultPermissions.None)]
public class AccessPolicy
{
    public int GroupId { get; set; }
    public PermissionsGroup Group { get; set; } = null!;

    /// <summary>The permission a user needs to ask (<c>app.codename</c>); null: everyone signed in and active.</summary>
    public string? RequestPermission { get; set; }

    /// <summary>Members of this group may approve; with <see cref="ApproverPermission"/>, members or holders.</summary>
    public int? ApproverGroupId { get; set; }
    public PermissionsGroup? ApproverGroup { get; set; }

    /// <summary>Holders of this permission may approve.</summary>
    public string? ApproverPermission { get; set; }

    /// <summary>The longest membership a request may ask for; null: any, for good included.</summary>
    public TimeSpan? MaxDuration { get; set; }

    public bool JustificationRequired { get; set; }

    /// <summary>How many different approvers must say yes; one denial decides.</summary>
    public int ApprovalsNeeded { get; set; } = 1;

    /// <summary>True when the configuration (<c>PermissionsAdmin:AccessRequests:Groups</c>) sets it: a superuser's to change.</summary>
    public bool Configured { get; set; }
}
