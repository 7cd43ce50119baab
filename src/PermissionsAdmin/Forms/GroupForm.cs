using System.ComponentModel.DataAnnotations;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Forms;

public sealed class GroupForm
{
    [Required(ErrorMessage = "Enter a name.")]
    [StringLength(150, ErrorMessage = "Keep the name to {1} characters or fewer.")]
    [PlainText("name")]
    public string? Name { get; set; }

    public List<int>? PermissionIds { get; set; }

    /// <summary>The group's concurrency stamp when the form was opened (edit only).</summary>
    public string? ConcurrencyStamp { get; set; }
}
