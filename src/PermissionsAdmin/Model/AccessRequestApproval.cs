namespace PermissionsAdmin.Model;

/// <summary>One approver's yes, for a request that needs more than one. No permissions of its own, as its request.</summary>
[DefaultPermissions(DefaultPermissions.None)]
public class AccessRequestApproval
{
    public int RequestId { get; set; }
    public int? ApproverId { get; set; }
    public string ApproverName { get; set; } = "";
    public DateTime At { get; set; }
    public string? Comment { get; set; }
}
