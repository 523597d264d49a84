using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Keystone.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TaskReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_activities_AccountId_StartsAt",
                table: "activities");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_AssigneeId_Status_ReminderAt",
                table: "tasks",
                columns: new[] { "AssigneeId", "Status", "ReminderAt" });

            migrationBuilder.CreateIndex(
                name: "IX_activities_AccountId_StartsAt_Id",
                table: "activities",
                columns: new[] { "AccountId", "StartsAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tasks_AssigneeId_Status_ReminderAt",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "IX_activities_AccountId_StartsAt_Id",
                table: "activities");

            migrationBuilder.CreateIndex(
                name: "IX_activities_AccountId_StartsAt",
                table: "activities",
                columns: new[] { "AccountId", "StartsAt" });
        }
    }
}
