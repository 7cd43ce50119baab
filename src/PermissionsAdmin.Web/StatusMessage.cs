using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace PermissionsAdmin.Web;

/// <summary>A one-time message the layout shows on the page after a redirect (post/redirect/get).</summary>
public static class StatusMessage
{
    public const string Key = "StatusMessage";

    public static void SetStatusMessage(this ITempDataDictionary tempData, string message) => tempData[Key] = message;
}
