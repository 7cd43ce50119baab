using Microsoft.Extensions.Localization;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Admin.Localization;

/// <summary>An audit entry's action as the admin names it, in the request's language.</summary>
internal static class AuditVerbs
{
    public static LocalizedString Verb(this IStringLocalizer<AdminStrings> T, AuditAction action) => action switch
    {
        AuditAction.Added => T["Added"],
        AuditAction.Changed => T["Changed"],
        AuditAction.Deleted => T["Deleted"],
        _ => new LocalizedString(action.ToString(), action.ToString()),
    };
}
