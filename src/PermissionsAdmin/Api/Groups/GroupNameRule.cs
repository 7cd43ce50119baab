using System.ComponentModel.DataAnnotations;
using PermissionsAdmin.Forms;

namespace PermissionsAdmin.Api.Groups;

/// <summary>
/// The admin form's rule for a group's name (the attributes and messages of <see cref="GroupForm.Name"/>), so a
/// name the admin refuses is refused here too, naming <c>name</c>. Duplicates are the service's to refuse.
/// </summary>
internal static class GroupNameRule
{
    /// <summary>The name as the admin saves it (trimmed), or a refusal naming the field.</summary>
    public static string Check(string? name)
    {
        var results = new List<ValidationResult>();
        var context = new ValidationContext(new GroupForm()) { MemberName = nameof(GroupForm.Name) };
        var trimmed = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        if (!Validator.TryValidateProperty(trimmed, context, results)) throw new AdministrationException(results[0].ErrorMessage!, "name");
        return trimmed!;
    }
}
