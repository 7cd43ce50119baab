namespace PermissionsAdmin.Model;

/// <summary>
/// A message to one user shown in the app (the site's access page), beside the e-mail that says the same. No
/// permissions of its own: its owner reads it.
/// </summary>
[DefaultPermissions(DefaultPermissions.None)]
public class Notice
{
    public const int MaxTextLength = 500;

    public long Id { get; set; }
    public int UserId { get; set; }
    public PermissionsUser User { get; set; } = null!;
    public DateTime At { get; set; }
    public string Text { get; set; } = "";
    public DateTime? ReadAt { get; set; }
}
