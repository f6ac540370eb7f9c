//! Data a page reads from the API: a Leptos `LocalResource` that knows the inputs of its
//! request, so that a read they supersede (another account, another filter, a refetch) is
//! aborted in the browser instead of running to its end and being thrown away.
//!
//! Every resource shares one `LocalResource` type (answers and failures are kept as
//! `Arc<dyn Any>` and typed again on the way out): Leptos' async machinery is then compiled once for the console,
//! not once per answer type, which keeps the wasm from growing with each page.

use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use mobileid_admin_contract::ApiError;
use std::any::Any;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use web_sys::{AbortController, AbortSignal};

/// Aborts its request when dropped.
struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        // Aborting a request that is over does nothing.
        self.0.abort();
    }
}

/// The last request sent and the inputs it was sent for.
struct Sent {
    inputs: Box<dyn Any>,
    _abort: AbortOnDrop,
}

/// An answer (or a failure) of any resource.
type AnyAnswer = Arc<dyn Any + Send + Sync>;
type Answer = Result<AnyAnswer, AnyAnswer>;
/// Sends a read with the abort signal given; returns its inputs and its answer.
type SendRead = Box<dyn Fn(AbortSignal) -> (Box<dyn Any>, LocalBoxFuture<'static, Answer>)>;
/// Reads the inputs (tracked) and says whether those a request was sent for still are them.
type SentForCurrent = Box<dyn Fn(Option<&dyn Any>) -> bool>;
/// What [`shared_parts`] builds.
type Parts = (
    LocalResource<Answer>,
    StoredValue<Option<Sent>, LocalStorage>,
    RwSignal<bool>,
);

/// The types a resource is read with and answers (only marks them: it holds none).
type Typed<T, I, E> = fn() -> (T, I, E);

/// A read from the API: `Suspense`/`Transition` await it, `refetch` sends it again. It fails
/// with the API's error, or with `E` where the page's read says more (which account failed).
pub struct ApiResource<T: 'static, I: 'static = (), E: 'static = ApiError> {
    data: LocalResource<Answer>,
    sent: StoredValue<Option<Sent>, LocalStorage>,
    /// Whether a read is out (for what derives from the answer outside `Suspense`).
    reading: RwSignal<bool>,
    answer: PhantomData<Typed<T, I, E>>,
}

impl<T, I, E> Clone for ApiResource<T, I, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, I, E> Copy for ApiResource<T, I, E> {}

/// What every resource shares, compiled once: the one `LocalResource` type of the console,
/// the request it has out and the watch that aborts that request when it is superseded.
fn shared_parts(send: SendRead, sent_for_current: SentForCurrent) -> Parts {
    let sent = StoredValue::new_local(None::<Sent>);
    let reading = RwSignal::new(false);
    // Which request is the latest: one superseded (and aborted) ends while its successor is
    // still out, and must not say that reading is over.
    let latest = StoredValue::new(0u64);
    let data = LocalResource::new(move || -> LocalBoxFuture<'static, Answer> {
        // Rerun by an input (the account) while its page is being torn down: the page's own
        // signals are gone, so do not read them; nothing will show this answer.
        if sent.is_disposed() {
            return Box::pin(std::future::pending());
        }
        let abort = AbortOnDrop(AbortController::new().expect("browsers have AbortController"));
        let (inputs, request) = send(abort.0.signal());
        // The resource sends a request only once the previous one is over, so replacing
        // (and so aborting) the previous one here stops nothing.
        sent.set_value(Some(Sent {
            inputs,
            _abort: abort,
        }));
        reading.set(true);
        let this = latest.get_value() + 1;
        latest.set_value(this);
        Box::pin(async move {
            let answer = request.await;
            // The page was left while the answer was on its way. The resource's task outlives
            // the page, and answering would notify the page's effects, which run on, without
            // their owner, against disposed signals (and panic): stay silent instead.
            if sent.is_disposed() {
                std::future::pending::<()>().await;
            }
            if latest.try_get_value() == Some(this) {
                reading.try_set(false);
            }
            answer
        })
    });
    // The inputs changed while a request is out: abort it, so that its successor starts at
    // once instead of after an answer nobody wants.
    Effect::new(move |_| {
        if sent.is_disposed() {
            return;
        }
        let current = sent.with_value(|sent| sent_for_current(sent.as_ref().map(|s| &*s.inputs)));
        if !current {
            sent.update_value(|sent| *sent = None);
        }
    });
    // Leaving the page aborts what it was still reading.
    on_cleanup(move || {
        sent.try_update_value(|sent| *sent = None);
    });
    (data, sent, reading)
}

impl<T, I, E> ApiResource<T, I, E>
where
    T: Clone + Send + Sync + 'static,
    I: PartialEq + 'static,
    E: Clone + Send + Sync + 'static,
{
    /// Reads with `fetch` for the value of `inputs` (signals read there are tracked), again
    /// whenever they change. `fetch` gets the signal that aborts its request.
    pub fn new<Fut>(
        inputs: impl Fn() -> I + Copy + 'static,
        fetch: impl Fn(I, AbortSignal) -> Fut + 'static,
    ) -> Self
    where
        Fut: Future<Output = Result<T, E>> + 'static,
    {
        let send = move |abort: AbortSignal| -> (Box<dyn Any>, LocalBoxFuture<'static, Answer>) {
            let request = fetch(inputs(), abort);
            let answer: LocalBoxFuture<'static, Answer> =
                Box::pin(async move { untyped(request.await) });
            (Box::new(untrack(inputs)), answer)
        };
        let sent_for_current = move |sent: Option<&dyn Any>| {
            let now = inputs();
            sent.is_none_or(|s| s.downcast_ref::<I>() == Some(&now))
        };
        let (data, sent, reading) = shared_parts(Box::new(send), Box::new(sent_for_current));
        ApiResource {
            data,
            sent,
            reading,
            answer: PhantomData,
        }
    }
}

fn untyped<T: Send + Sync + 'static, E: Send + Sync + 'static>(answer: Result<T, E>) -> Answer {
    answer
        .map(|t| Arc::new(t) as AnyAnswer)
        .map_err(|e| Arc::new(e) as AnyAnswer)
}

/// The typed answer (every answer of this resource is a `T`, every failure an `E`).
fn typed<T: Clone + 'static, E: Clone + 'static>(answer: Answer) -> Result<T, E> {
    fn downcast<X: Clone + 'static>(any: AnyAnswer) -> X {
        any.downcast_ref::<X>()
            .expect("a resource answers with its own types")
            .clone()
    }
    answer.map(downcast).map_err(downcast)
}

impl<T, I, E> ApiResource<T, I, E>
where
    T: Clone + Send + Sync + 'static,
    I: 'static,
    E: Clone + Send + Sync + 'static,
{
    /// Reads again (after a write, or "Try again"), aborting a read still out.
    pub fn refetch(&self) {
        self.sent.try_update_value(|sent| *sent = None);
        self.data.refetch();
    }

    /// Shows `value` as the answer without reading again (a write answered with the resource).
    pub fn set(&self, value: Result<T, E>) {
        self.data.set(Some(untyped(value)));
    }

    /// The answer once the read is over (`None` while reading), for what derives from it
    /// outside `Suspense` and should not show the previous answer meanwhile (tracked).
    pub fn settled(&self) -> Option<Result<T, E>> {
        if self.reading.get() {
            None
        } else {
            self.get()
        }
    }

    /// The last answer, if any (tracked).
    pub fn get(&self) -> Option<Result<T, E>> {
        self.data.get().map(typed)
    }
}

impl<T, I, E> IntoFuture for ApiResource<T, I, E>
where
    T: Clone + Send + Sync + 'static,
    I: 'static,
    E: Clone + Send + Sync + 'static,
{
    type Output = Result<T, E>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

    /// The answer, once the read in progress (if any) is over.
    fn into_future(self) -> Self::IntoFuture {
        // A page left (or an account switched) while its `Suspend` was still to be polled:
        // the resource is gone and nothing will show its answer, so wait forever rather than
        // read a disposed value (which panics).
        if self.data.is_disposed() {
            return Box::pin(std::future::pending());
        }
        let data = self.data;
        let answer = data.into_future();
        Box::pin(async move {
            let answer = answer.await;
            // Left while the answer was on its way: the page's signals are gone with the
            // resource, so the view that awaited it must not go on.
            if data.is_disposed() {
                std::future::pending::<()>().await;
            }
            typed(answer)
        })
    }
}

/// The children of a `Suspense` or `Transition` that shows a resource's answer: `view` awaits
/// it. Boxed, so that the views of all pages are one compiled type.
pub fn suspended(view: impl Fn() -> Suspend<AnyView> + Send + Sync + 'static) -> AnyView {
    let view: Box<dyn Fn() -> Suspend<AnyView> + Send + Sync> = Box::new(view);
    view.into_any()
}
