//! What standard output is connected to: a terminal or not, whether the
//! environment wants colour, how many columns there are. Found out once,
//! by the binary ([`Terminal::of_stdout`]), and handed to the commands with
//! the parsed arguments, which hold only what the user typed. Tests and
//! library callers build a `Terminal` themselves; the default is a pipe.

use std::io::IsTerminal;

/// What the binary found out about standard output and the environment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Terminal {
    /// Standard output is a terminal (not a pipe or a file).
    pub stdout_is_terminal: bool,
    /// The environment wants colour on standard output, by the usual
    /// conventions as anstream reads them: on a terminal unless `NO_COLOR`
    /// (<https://no-color.org>), `CLICOLOR=0` or `TERM=dumb`; even in a
    /// pipe with `CLICOLOR_FORCE`, unless `NO_COLOR`.
    pub wants_colour: bool,
    /// Columns of the terminal standard output is (`COLUMNS`, or asked).
    pub width: Option<u16>,
}

impl Terminal {
    /// Asks the process's standard output and environment.
    pub fn of_stdout() -> Terminal {
        Terminal {
            stdout_is_terminal: std::io::stdout().is_terminal(),
            wants_colour: anstream::AutoStream::choice(&std::io::stdout())
                != anstream::ColorChoice::Never,
            width: terminal_width(),
        }
    }
}

/// The width of the terminal on standard output: `COLUMNS` when it holds a
/// number (as shells and `less` set it), else what the terminal says.
fn terminal_width() -> Option<u16> {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|text| text.trim().parse::<u16>().ok())
        .filter(|&columns| columns > 0);
    columns.or_else(columns_of_stdout)
}

/// The columns the terminal on standard output reports. Asked directly:
/// `terminal_size` answers nothing when the terminal reports no rows, as a
/// pseudo-terminal made by `script` does even after `stty cols 80`.
#[cfg(unix)]
fn columns_of_stdout() -> Option<u16> {
    // SAFETY: a zeroed winsize is valid, and TIOCGWINSZ only fills it in.
    let size = unsafe {
        let mut size: libc::winsize = std::mem::zeroed();
        (libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) == 0).then_some(size)
    };
    size.map(|size| size.ws_col).filter(|&columns| columns > 0)
}

#[cfg(not(unix))]
fn columns_of_stdout() -> Option<u16> {
    terminal_size::terminal_size_of(std::io::stdout()).map(|(width, _)| width.0)
}
