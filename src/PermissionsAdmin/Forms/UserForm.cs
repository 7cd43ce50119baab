using System.ComponentModel.DataAnnotations;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Forms;

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
    /// renewed by the save (see <c>EndedWhileShown</c>). Without it (a script's post) nothing is taken as ended.
    /// </summary>
    public string? ShownAt { get; set; }

    /// <summary>The user's concurrency stamp when the form was opened: a save over someone else's change is refused.</summary>
    public string? ConcurrencyStamp { get; set; }
}
