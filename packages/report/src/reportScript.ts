/**
 * The report's script (inline, no dependencies): tooltips naming the facts behind a segment or
 * mark, and the time cursor showing the Pod object and kubectl row at the chosen time.
 */
export const reportScript = `
(function(){
var tip=document.getElementById('tooltip');
function iso(ms){return new Date(ms).toISOString().replace('.000Z','Z');}
function show(el,ev){
  var label=el.getAttribute('data-label')||'';
  var facts=el.getAttribute('data-facts')||'';
  var from=el.getAttribute('data-from'),to=el.getAttribute('data-to'),at=el.getAttribute('data-time');
  var when=at?iso(+at):(from?iso(+from)+' – '+iso(+to):'');
  tip.textContent='';
  var b=document.createElement('b');b.textContent=label+(when?'  ('+when+')':'');tip.appendChild(b);
  tip.appendChild(document.createTextNode(facts));
  tip.hidden=false;move(ev);
}
function move(ev){tip.style.left=Math.min(ev.clientX+12,window.innerWidth-580)+'px';tip.style.top=(ev.clientY+14)+'px';}
document.addEventListener('mouseover',function(ev){
  var el=ev.target.closest&&ev.target.closest('.seg,.mark');
  if(el)show(el,ev);else tip.hidden=true;
});
document.addEventListener('mousemove',function(ev){if(!tip.hidden)move(ev);});
function setup(section){
  var data=JSON.parse(section.querySelector('.pod-data').textContent);
  var svg=section.querySelector('svg.timeline');
  var from=+svg.getAttribute('data-from'),to=+svg.getAttribute('data-to');
  var x0=+svg.getAttribute('data-x0'),w=+svg.getAttribute('data-w');
  var span=Math.max(to-from,1000);
  var cursor=svg.querySelector('.cursor'),slider=section.querySelector('input.time');
  var atEl=section.querySelector('.at'),rowEl=section.querySelector('table.row tbody'),pre=section.querySelector('.object pre');
  function choose(t){
    t=Math.max(from,Math.min(to,t));
    var snaps=data.snapshots,lo=0,hi=snaps.length-1,k=-1;
    while(lo<=hi){var mid=(lo+hi)>>1;if(snaps[mid].time<=t){k=mid;lo=mid+1;}else hi=mid-1;}
    var x=x0+(t-from)/span*w;
    cursor.setAttribute('x1',x);cursor.setAttribute('x2',x);cursor.setAttribute('visibility','visible');
    slider.value=String(t);
    section.setAttribute('data-cursor',String(t));
    rowEl.textContent='';
    if(k<0){atEl.textContent=iso(t)+': the Pod does not exist yet';pre.textContent='';return;}
    var s=snaps[k];
    atEl.textContent=iso(t)+' · after seq '+s.seq;
    var tr=document.createElement('tr');
    [s.row.name,s.row.ready,s.row.status,s.row.restarts,s.row.age,s.row.ip,s.row.node].forEach(function(v){var td=document.createElement('td');td.textContent=v;tr.appendChild(td);});
    rowEl.appendChild(tr);
    var obj={};for(var key in data.object)obj[key]=data.object[key];obj.status=s.status;
    pre.textContent=JSON.stringify(obj,null,2);
  }
  svg.addEventListener('click',function(ev){
    var r=svg.getBoundingClientRect();var px=ev.clientX-r.left;
    if(px<x0)return;choose(from+(px-x0)/w*span);
  });
  slider.addEventListener('input',function(){choose(+slider.value);});
  choose(to);
}
var sections=document.querySelectorAll('section.pod');
for(var i=0;i<sections.length;i++)setup(sections[i]);
document.body.setAttribute('data-ready','true');
})();
`;
