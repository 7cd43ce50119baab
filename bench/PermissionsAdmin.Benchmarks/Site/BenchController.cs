using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Benchmarks.Shop;

namespace PermissionsAdmin.Benchmarks.Site;

/// <summary>Endpoints identical but for their authorization, so a ratio shows only its cost.</summary>
[Route("bench")]
public sealed class BenchController : Controller
{
    [HttpGet("open")]
    public IActionResult Open() => Content("ok");

    [HttpGet("signed-in")]
    [Authorize]
    public IActionResult SignedIn() => Content("ok");

    [HttpGet("protected")]
    [PermissionRequired(ShopData.CheckedPermission)]
    public IActionResult Protected() => Content("ok");

    [HttpGet("links")]
    public IActionResult Links() => View();

    [HttpGet("perms-links")]
    public IActionResult PermsLinks() => View();
}
