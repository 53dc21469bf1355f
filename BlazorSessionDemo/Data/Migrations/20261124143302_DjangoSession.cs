using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorSessionDemo.Data.Migrations
{
    /// <inheritdoc />
    public partial class DjangoSession : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "django_session",
                columns: table => new
                {
                    session_key = table.Column<string>(type: "varchar(40)", maxLength: 40, nullable: false),
                    session_data = table.Column<string>(type: "text", nullable: false),
                    expire_date = table.Column<string>(type: "datetime", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_django_session", x => x.session_key);
                });

            migrationBuilder.CreateIndex(
                name: "django_session_expire_date",
                table: "django_session",
                column: "expire_date");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "django_session");
        }
    }
}
