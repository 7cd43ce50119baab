using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Controllers;

public class HomeController(AppDbContext db) : Controller
{
    public async Task<IActionResult> Index() =>
        View(await db.Posts.Where(p => p.IsPublished).OrderByDescending(p => p.CreatedAt).Take(20).ToListAsync());

    public IActionResult Error() => View();
}
