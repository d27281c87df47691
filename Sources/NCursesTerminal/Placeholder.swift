import CNCurses
public enum NCursesPlaceholder {}
