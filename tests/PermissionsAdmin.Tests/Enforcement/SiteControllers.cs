using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Tests.Shop;

namespace PermissionsAdmin.Tests.Enforcement;

// The test site's controllers. EnforcementHost serves exactly the ones its setup lists.

/// <summary>Pages protected action by action.</summary>
[Route("things")]
public sealed class ThingsController : Controller
{
    [HttpGet("")]
    [PermissionRequired("shop.view_product")]
    public IActionResult Index() => Content("things");

    [HttpGet("all")]
    [PermissionRequired("shop.add_product", "shop.change_product")]
    public IActionResult All() => Content("all");

    [HttpGet("any")]
    [PermissionRequired("shop.add_product", "shop.change_product", RequireAny = true)]
    public IActionResult Any() => Content("any");

    [HttpGet("stacked")]
    [PermissionRequired("shop.add_product")]
    [PermissionRequired("shop.change_product")]
    public IActionResult Stacked() => Content("stacked");
}

/// <summary>Pages protected as a whole by the controller's attribute.</summary>
[Route("invoices")]
[PermissionRequired("billing.view_invoice")]
public sealed class InvoicesController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => Content("invoices");

    [HttpGet("terms")]
    [AllowAnonymous]
    public IActionResult Terms() => Content("terms");

    [HttpGet("edit")]
    [PermissionRequired("billing.change_invoice")]
    public IActionResult Edit() => Content("edit");
}

/// <summary>An API controller outside /api: it is an API because of [ApiController].</summary>
[ApiController]
[Route("service/orders")]
[PermissionRequired("shop.view_product")]
public sealed class OrdersApiController : ControllerBase
{
    [HttpGet]
    public IActionResult List() => Ok(new[] { "order 1" });
}

/// <summary>Model permissions: the HTTP method picks the product permission.</summary>
[ApiController]
[Route("api/products")]
[ModelPermissions(typeof(Product))]
public sealed class ProductsApiController : ControllerBase
{
    [HttpGet]
    public IActionResult List() => Ok("GET");

    [HttpPost]
    public IActionResult Create() => Ok("POST");

    [HttpPut("{id:int}")]
    public IActionResult Replace(int id) => Ok($"PUT {id}");

    [HttpPatch("{id:int}")]
    public IActionResult Update(int id) => Ok($"PATCH {id}");

    [HttpDelete("{id:int}")]
    public IActionResult Delete(int id) => Ok($"DELETE {id}");
}

/// <summary>
/// A typo'd permission name. [NonController] keeps MVC's discovery from ever picking it up; only the startup-check
/// tests serve it, by listing it explicitly.
/// </summary>
[NonController]
[Route("typo")]
public sealed class TypoController : Controller
{
    [HttpGet("")]
    [PermissionRequired("shop.chnge_product")]
    public IActionResult Edit() => Content("edit");
}
