//! WCAG 1.4.10 reflow: at 390 CSS px (a phone) and at 640 CSS px (a 1280 px window at 200 %
//! zoom) no screen scrolls sideways; wide tables scroll inside their own box.

use mobileid_e2e::{sandbox_config, Harness, SCREENS};

/// Elements wider than the viewport, outside a box that scrolls on its own.
const OVERFLOW: &str = "
    const width = document.documentElement.clientWidth;
    const page = document.documentElement.scrollWidth;
    const culprits = [];
    if (page > width) {
        for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > width + 1 && r.width > 0) {
                let scroller = false;
                for (let p = el.parentElement; p; p = p.parentElement) {
                    const s = getComputedStyle(p).overflowX;
                    if ((s === 'auto' || s === 'scroll') && p.clientWidth <= width) { scroller = true; break; }
                }
                if (!scroller) {
                    culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                        (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
                        ' ' + Math.round(r.right));
                }
            }
        }
    }
    if (page > width && culprits.length === 0) {
        // Nothing sticks out: something positioned or hidden widens the page; name it.
        for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > width + 1) {
                culprits.push('(in a scroller) ' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                    (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
                    ' ' + Math.round(r.right) + ' ' + getComputedStyle(el).position);
            }
        }
    }
    return { width, page, culprits: culprits.slice(0, 8) };";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_screen_scrolls_sideways_at_390_px_or_at_200_percent_zoom() {
    let h = Harness::start(sandbox_config("reflow")).await;
    h.open_console().await;
    h.sign_in().await;
    h.wait_for_text("#account-name", "Sample Account").await;
    let mut report = Vec::new();
    for width in [390u32, 640] {
        h.browser
            .set_window_size(width + 16, 900)
            .await
            .expect("window size");
        for (slug, ready) in SCREENS {
            h.click(&format!("#nav-{slug}")).await;
            h.find(ready).await;
            let result = h.eval(OVERFLOW).await;
            let (viewport, page) = (result["width"].as_u64(), result["page"].as_u64());
            if page > viewport {
                report.push(format!(
                    "{slug} at {width}px: page {page:?} wide in {viewport:?}: {}",
                    result["culprits"]
                ));
            }
        }
    }
    h.finish().await;
    assert!(
        report.is_empty(),
        "sideways scrolling:\n{}",
        report.join("\n")
    );
}
